import { isTerminatorLine } from '@usesync/import-file';

/**
 * True when a `.useimport` carries its terminator line (the upload is complete) — the grammar's
 * own definition (`isTerminatorLine` of `@usesync/import-file`), so a file the grammar accepts as
 * complete is never held back. Anything after it still counts (the parser reports it); a file that
 * never reaches the terminator is still being written or truncated.
 */
export function hasTerminator(bytes: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.split(/\r?\n|\r/).some(isTerminatorLine);
}
