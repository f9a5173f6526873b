import { MAX_NAME_BYTES, unsafeNameReason } from '../path-safety.js';
import type { EntryRefusal } from '../share.js';

/**
 * The share's own refusal of a listed entry: an undecodable name, an unsafe name, a symbolic link
 * or a special file (FIFO, socket, device); undefined for a safe file or folder.
 */
export function entryRefusal(
  name: string,
  validUtf8: boolean,
  kind: 'file' | 'dir' | 'other' | 'symlink',
  what: string,
): EntryRefusal | undefined {
  if (!validUtf8) {
    return {
      code: 'undecodable-name',
      reason: 'the name is not valid UTF-8 (shown escaped); it is never opened',
    };
  }
  const unsafe = unsafeNameReason(name);
  if (unsafe !== undefined) return { code: 'unsafe-name', reason: `${unsafe}; it is never opened` };
  if (kind === 'symlink') return { code: 'symlink', reason: 'it is a symbolic link (never followed)' };
  if (kind === 'other') return { code: 'special-file', reason: `it is ${what}; only regular files are read` };
  return undefined;
}

/**
 * The temporary name a write goes to before the rename: `.<name>.<random>.part`, or
 * `.usesync-<random>.part` when that would exceed {@link MAX_NAME_BYTES}.
 */
export function tempName(name: string, random: string): string {
  const long = `.${name}.${random}.part`;
  return Buffer.byteLength(long, 'utf8') <= MAX_NAME_BYTES ? long : `.usesync-${random}.part`;
}
