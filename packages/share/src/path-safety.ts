import { ShareError } from './share.js';

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why a single file or directory name is unsafe, or undefined when it is safe: empty, `.`/`..`,
 * containing `..`, `/`, `\`, a control character, or longer than 255 UTF-8 bytes. Unsafe names
 * are refused, never followed.
 */
export function unsafeNameReason(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.includes('/') || name.includes('\\')) return 'the name contains a path separator';
  if (name.includes('..') || name === '.') return 'the name contains ".."';
  if (CONTROL.test(name)) return 'the name contains a control character';
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES)
    return `the name is longer than ${MAX_NAME_BYTES} bytes`;
  return undefined;
}

/** True when `name` is a plain file name (see {@link unsafeNameReason}). */
export function isSafeName(name: string): boolean {
  return unsafeNameReason(name) === undefined;
}

/** A printable form of an untrusted name for messages and logs (control characters escaped). */
export function printableName(name: string): string {
  return JSON.stringify(name).slice(1, -1).replaceAll('\ufffd', '\\ufffd');
}

/** Bytes a file name may have on the file systems and SFTP servers we write to (`NAME_MAX`). */
export const MAX_NAME_BYTES = 255;

/**
 * Bytes kept free for what the pushback appends to an upload's name stem: the longest suffix is
 * `.watchdog-report.txt` (20 bytes; also `.semi-automatic.csv`, `.certificates.zip`,
 * `.sync-report.txt`, `.smime-report.txt`, `.error-report.txt`), with room to spare.
 */
export const PUSHBACK_SUFFIX_ALLOWANCE_BYTES = 32;

/**
 * The longest upload name accepted, in UTF-8 bytes (223): every pushback file named after it
 * still fits in {@link MAX_NAME_BYTES}. Longer names are refused at listing, before any sync.
 */
export const MAX_UPLOAD_NAME_BYTES = MAX_NAME_BYTES - PUSHBACK_SUFFIX_ALLOWANCE_BYTES;

/**
 * Why a name in `use/` is refused before any sync, or undefined: an unsafe name
 * ({@link unsafeNameReason}), or one longer than {@link MAX_UPLOAD_NAME_BYTES} UTF-8 bytes.
 */
export function uploadNameReason(name: string): string | undefined {
  const unsafe = unsafeNameReason(name);
  if (unsafe !== undefined) return unsafe;
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_UPLOAD_NAME_BYTES) {
    return `the name has ${bytes} bytes; at most ${MAX_UPLOAD_NAME_BYTES} are accepted (the report files named after it must fit)`;
  }
  return undefined;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A raw file name from the file system: its text when it is valid UTF-8 (`valid: true`), else a
 * printable form with every byte of an invalid sequence escaped as `\xNN` (`valid: false`; that
 * form addresses nothing and is for reports only).
 */
export function decodeRawName(raw: Uint8Array): { name: string; valid: boolean } {
  try {
    return { name: STRICT_UTF8.decode(raw), valid: true };
  } catch {
    let out = '';
    let i = 0;
    while (i < raw.length) {
      const len = validSequenceLength(raw, i);
      if (len === 0) {
        out += `\\x${(raw[i] ?? 0).toString(16).padStart(2, '0')}`;
        i += 1;
      } else {
        out += printableName(STRICT_UTF8.decode(raw.subarray(i, i + len)));
        i += len;
      }
    }
    return { name: out, valid: false };
  }
}

// Length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none.
function validSequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] ?? 0;
  const len =
    c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len <= 1 || i + len > b.length) return len === 1 ? 1 : 0;
  try {
    STRICT_UTF8.decode(b.subarray(i, i + len));
    return len;
  } catch {
    return 0;
  }
}

/**
 * Splits a share-relative path (`use/x.useimport`, `keys/public`) into checked segments; `''` or
 * `.` is the root. Throws `SHARE_UNSAFE_NAME` for any unsafe segment or an absolute path.
 */
export function safeSegments(path: string): string[] {
  if (path === '' || path === '.') return [];
  if (path.startsWith('/')) throw unsafe(path, 'the path is absolute');
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  for (const s of segments) {
    const reason = unsafeNameReason(s);
    if (reason !== undefined) throw unsafe(path, reason);
  }
  return segments;
}

/** Joins share-relative parts after checking each segment. */
export function joinSharePath(...parts: string[]): string {
  return parts.flatMap(safeSegments).join('/');
}

function unsafe(path: string, reason: string): ShareError {
  return new ShareError('SHARE_UNSAFE_NAME', `Cannot use the share path "${printableName(path)}": ${reason}`);
}
