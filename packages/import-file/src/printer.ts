import { assertNever, editDistance, formatValidity, MASK } from '@usesync/domain';
import type { UseImportEntry, UseImportFile } from './ast.js';

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
  return `${file.entries.map((e) => printEntry(e, options)).join('\n')}${file.entries.length > 0 ? '\n' : ''}#####\n`;
}

/**
 * A raw input line made safe to show (error reports, compiler-style output). A line that is, or
 * looks like, a passphrase line (its identifier is near `passphrase` or it ends in `smimeimport`)
 * has everything between the first `:` and the last `;` masked: a misspelled passphrase line
 * still holds a secret. Other lines are returned as they are.
 */
export function displayLine(text: string): string {
  const colon = text.indexOf(':');
  if (colon < 0) return text;
  const key = text.slice(0, colon).replace(/\s+/g, '').toLowerCase();
  const semi = text.lastIndexOf(';');
  const flag =
    semi > colon
      ? text
          .slice(semi + 1)
          .trim()
          .toLowerCase()
      : '';
  const looksSecret =
    editDistance(key, 'passphrase') <= 3 ||
    /pass|secret|pwd/.test(key) ||
    editDistance(flag, 'smimeimport') <= 3;
  if (!looksSecret) return text;
  return semi > colon
    ? `${text.slice(0, colon + 1)}${MASK}${text.slice(semi)}`
    : `${text.slice(0, colon + 1)}${MASK}`;
}
