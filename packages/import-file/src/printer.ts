import { assertNever, formatValidity, MASK } from '@usesync/domain';
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
 * A raw input line made safe to show (error reports, compiler-style output): on a passphrase line
 * everything between the first `:` and the last `;` is masked. Other lines are returned as they are.
 */
export function displayLine(text: string): string {
  const t = text.trimStart();
  if (!/^passphrase\s*:/i.test(t)) return text;
  const colon = text.indexOf(':');
  const semi = text.lastIndexOf(';');
  return semi > colon
    ? `${text.slice(0, colon + 1)}${MASK}${text.slice(semi)}`
    : `${text.slice(0, colon + 1)}${MASK}`;
}
