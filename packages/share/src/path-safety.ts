import { ShareError } from './share.js';

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why a single file or directory name is unsafe, or undefined when it is safe: empty, `.`/`..`,
 * containing `..`, `/`, `\`, or a control character. Unsafe names are refused, never followed.
 */
export function unsafeNameReason(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.includes('/') || name.includes('\\')) return 'the name contains a path separator';
  if (name.includes('..') || name === '.') return 'the name contains ".."';
  if (CONTROL.test(name)) return 'the name contains a control character';
  if (name.length > 255) return 'the name is longer than 255 characters';
  return undefined;
}

/** True when `name` is a plain file name (see {@link unsafeNameReason}). */
export function isSafeName(name: string): boolean {
  return unsafeNameReason(name) === undefined;
}

/** A printable form of an untrusted name for messages and logs (control characters escaped). */
export function printableName(name: string): string {
  return JSON.stringify(name).slice(1, -1);
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
