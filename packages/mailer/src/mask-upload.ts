import { MASK } from '@usesync/domain';
import { displayLine } from '@usesync/import-file';
import { displayRuleLine } from '@usesync/rule-notation';

/** An uploaded import file as the customer sent it. */
export interface UploadedFile {
  readonly name: string;
  readonly kind: 'useimport' | 'ruleimport';
  readonly bytes: Uint8Array;
}

/** An uploaded file made safe to mail back. */
export interface MaskedUpload {
  readonly name: string;
  readonly content: Uint8Array;
  /** True when at least one line was masked (the content then differs from the upload). */
  readonly masked: boolean;
}

/**
 * Belt and braces on top of `displayRuleLine`: also masks an `swm:`/`swm=`/`swm-`/`swm_`
 * parameter that sits inside a field, e.g. when the `;` before it was forgotten (`fe swm:secret`).
 */
function maskSwmAnywhere(line: string): string {
  return line.replace(/(\bswm(?:\s*[:=]\s*|[-_]))([^;]*)/gi, (all, head: string, value: string) =>
    value === '' || value === MASK ? all : `${head}${MASK}`,
  );
}

/** Masks the secrets of one raw line of an uploaded file of the given kind. */
export function maskUploadLine(kind: UploadedFile['kind'], line: string): string {
  return kind === 'useimport' ? displayLine(line) : maskSwmAnywhere(displayRuleLine(line));
}

/**
 * Prepares an uploaded import file for attaching to the sync report. The manual says the uploaded
 * files are attached, but a `.useimport` may hold `passphrase:` lines and a `.ruleimport` swm
 * passwords, and a report mail travels further than the SFTP share (mailing lists, tickets). So
 * every line goes through the same display masking the error report uses: passphrases and swm
 * passwords become `••••••`, and a malformed line that may hold one (`passphrase=X`, `Kennwort:X`,
 * `smime-state:…;passphrase:X`, `swm=X`, `fs:X`, …) is shown only up to what is provably not
 * secret; everything else stays as uploaded. A file without secrets is
 * attached byte for byte; a file with secrets is re-encoded as UTF-8 with its line ends kept.
 */
export function maskUploadedFile(file: UploadedFile): MaskedUpload {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(file.bytes);
  // Split keeping the terminators (odd indexes), so CRLF/LF/CR survive unchanged.
  const parts = text.split(/(\r\n|\r|\n)/);
  let masked = false;
  const out = parts.map((part, i) => {
    if (i % 2 === 1) return part;
    const shown = maskUploadLine(file.kind, part);
    if (shown !== part) masked = true;
    return shown;
  });
  return masked
    ? { name: file.name, content: new TextEncoder().encode(out.join('')), masked }
    : { name: file.name, content: file.bytes, masked };
}
