import { type Diagnostic, diagnostic } from './diagnostics.js';

/** Diagnostic code for bytes that are not UTF-8 (shared by every file grammar). */
export const INVALID_UTF8 = 'TXT001';

/**
 * Decodes an uploaded file as UTF-8, stripping a BOM. Invalid bytes do not throw: each line that
 * holds any is reported once (with line and column) and the bytes are replaced by U+FFFD, so
 * parsing can go on and report everything else in the same pass.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string; diagnostics: Diagnostic[] } {
  let text: string;
  const diagnostics: Diagnostic[] = [];
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
    const lines = splitLines(text);
    lines.forEach((l, i) => {
      const col = l.indexOf('\uFFFD');
      if (col >= 0) {
        diagnostics.push(
          diagnostic(
            'error',
            INVALID_UTF8,
            'line is not valid UTF-8 (is the file Latin-1 / Windows-1252?); save it as UTF-8',
            i + 1,
            col + 1,
            { hint: 'upload files as UTF-8, e.g. `iconv -f latin1 -t utf-8 in > out`' },
          ),
        );
      }
    });
  }
  return { text: stripBom(text), diagnostics };
}

/** Removes a leading U+FEFF. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Splits text into lines on LF, CRLF or CR, without the terminators. A final terminator does not
 * produce an extra empty line.
 */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
