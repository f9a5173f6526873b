import { printableName } from '../path-safety.js';
import { ShareError } from '../share.js';

/** True when `real` is `root` or lies below it (both absolute, normalised, `sep`-separated). */
export function isInside(root: string, real: string, sep: string): boolean {
  if (real === root) return true;
  const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
  return real.startsWith(prefix);
}

/** The refusal of a path whose real path leaves the share root. */
export function outsideRoot(path: string, real: string): ShareError {
  return new ShareError(
    'SHARE_OUTSIDE_ROOT',
    `Cannot use ${printableName(path === '' ? '.' : path)}: its real path ${printableName(real)} is outside the share root (symbolic links are never followed out of the share)`,
  );
}

/** What a non-regular entry is, for messages: `a directory`, `a FIFO`, … */
export function kindWord(st: {
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link (never followed)';
  if (st.isFIFO()) return 'a FIFO (never opened)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
