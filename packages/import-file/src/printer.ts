import { assertNever, formatValidity, MASK } from '@usesync/domain';
import type { UseImportEntry, UseImportFile } from './ast.js';
import { isShowableSecretLabel, secretMarker, trailingFlag } from './internal/secrets.js';
import { TERMINATOR } from './terminator.js';

/** Printing options. Secrets are masked unless `revealSecrets` is set. */
export interface PrintOptions {
  /**
   * Print passphrases in clear. Only for writing a file that is uploaded again; never for
   * reports, logs or screens.
   */
  readonly revealSecrets?: boolean;
}

/** The canonical text of one entry (no line terminator). */
export function printEntry(entry: UseImportEntry, options: PrintOptions = {}): string {
  switch (entry.kind) {
    case 'smime-state': {
      const parts = [`smime-state:${entry.address}`];
      if (entry.name !== undefined) parts.push(`name:${entry.name}`);
      if (entry.givenName !== undefined) parts.push(`firstname:${entry.givenName}`);
      if (entry.surname !== undefined) parts.push(`lastname:${entry.surname}`);
      if (entry.team !== undefined) parts.push(`teamcert:${entry.team ? 1 : 0}`);
      parts.push(`keystate:${entry.keyState}`);
      return parts.join(';');
    }
    case 'pgp-state': {
      const parts = [`pgp-state:${entry.address}`];
      if (entry.name !== undefined) parts.push(`name:${entry.name}`);
      if (entry.keyLength !== undefined) parts.push(`keylength:${entry.keyLength}`);
      if (entry.comment !== undefined) parts.push(`comment:${entry.comment}`);
      if (entry.keyType !== undefined) parts.push(`keytype:${entry.keyType}`);
      if (entry.validity !== undefined) parts.push(`validity:${formatValidity(entry.validity)}`);
      parts.push(`keystate:${entry.keyState}`);
      return parts.join(';');
    }
    case 'passphrase':
      return `passphrase:${options.revealSecrets ? entry.passphrase.reveal() : MASK};smimeimport`;
    case 'group':
      return `group:${entry.member};${entry.group}`;
    case 'option':
      return `option:${entry.value};${entry.option}`;
    default:
      return assertNever(entry, 'import-file entry');
  }
}

/** The canonical text of a whole file, ending with the `#####` terminator. */
export function printUseImport(file: Pick<UseImportFile, 'entries'>, options: PrintOptions = {}): string {
  return `${file.entries.map((e) => printEntry(e, options)).join('\n')}${file.entries.length > 0 ? '\n' : ''}${TERMINATOR}\n`;
}

const IDENTIFIER_WORDS = new Set(['smime-state', 'pgp-state', 'group', 'option']);

/**
 * A raw input line made safe to show (error reports, compiler-style output, the masked upload
 * attachment). A line that cannot be parsed is never quoted beyond what is provably not secret:
 *
 * - a line whose first word labels a secret (`passphrase:X`, `passphrase X;…`, `passphrase=X`,
 *   `pass-phrase;X;…`, `Kennwort:X`, misspellings) or that ends in a `smimeimport`-like flag shows
 *   that label (when it is only a label), its separator, the mask and the flag:
 *   `passphrase:••••••;smimeimport`;
 * - a line with a secret-labelled field after the first (`smime-state:a@b.de;passphrase:X;…`,
 *   `option:…;passphrase:X`) shows the first field and the mask: `smime-state:a@b.de;••••••`;
 * - every other line is returned as it is.
 */
export function displayLine(text: string): string {
  const marker = secretMarker(text);
  if (marker < 0) return text;
  const firstSemi = text.indexOf(';');
  if (firstSemi >= 0 && marker > firstSemi) return `${text.slice(0, firstSemi + 1)}${MASK}`;
  const lead = text.length - text.trimStart().length;
  const word = /^[\p{L}\p{N}_-]*/u.exec(text.slice(lead))![0];
  // The identifier may be shown when the secret's label stands later in the first field.
  const label =
    isShowableSecretLabel(word) || (marker > lead && IDENTIFIER_WORDS.has(word.toLowerCase())) ? word : '';
  const sepChar = label === '' ? '' : text.charAt(lead + word.length);
  const sep = sepChar === ':' || sepChar === ';' || sepChar === '=' || sepChar === ' ' ? sepChar : '';
  const flag = trailingFlag(text) ?? '';
  return `${text.slice(0, lead)}${label}${sep}${MASK}${flag}`;
}
