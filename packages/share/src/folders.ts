import { joinSharePath, printableName, uploadNameReason } from './path-safety.js';
import { type RefusedEntry, type Share, type ShareEntry, ShareError } from './share.js';

/** What {@link listUploads} found: the files that may be picked up, and the refused entries. */
export interface UploadListing {
  /** Regular files with a safe, decodable name of at most `MAX_UPLOAD_NAME_BYTES` bytes. */
  readonly files: ShareEntry[];
  /** Everything else but hidden (`.`) names: undecodable or unsafe names, too-long names, links, special files, folders. */
  readonly refused: RefusedEntry[];
}

/**
 * Lists an upload folder (`use/`) and sorts its entries into files that may be picked up and
 * refused entries (as data, one per report line), so that one bad name never blocks the other
 * uploads: a name that is not valid UTF-8, an unsafe name, a name longer than
 * `MAX_UPLOAD_NAME_BYTES` (its pushback files would not fit), a symbolic link, a FIFO, socket or
 * device, a folder. Hidden names (temporary `.…part` files) are left out of both lists. A folder
 * whose real path leaves the share root throws `SHARE_OUTSIDE_ROOT`; a missing one
 * `SHARE_NOT_FOUND`.
 */
export async function listUploads(share: Share, dir: string): Promise<UploadListing> {
  const files: ShareEntry[] = [];
  const refused: RefusedEntry[] = [];
  for (const e of await share.list(dir)) {
    if (e.name.startsWith('.') && e.refusal === undefined) continue;
    const r = refusalOf(e);
    if (r) refused.push(r);
    else files.push(e);
  }
  return { files, refused };
}

/** One readable file of a key folder. */
export interface KeyFolderFile {
  /** The verbatim (safe) name. */
  readonly name: string;
  /** Its share path (`keys/private/<name>`), for `share.remove` after an import. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** What {@link readKeyFolder} read, and what it refused (as data, one per report line). */
export interface KeyFolderContents {
  readonly files: KeyFolderFile[];
  readonly refused: RefusedEntry[];
}

/** Options of {@link readKeyFolder}. */
export interface KeyFolderOptions {
  /** Files larger than this are refused (`too-large`) without being read. */
  readonly maxFileBytes?: number;
}

/**
 * Reads a key folder (`keys/public`, `keys/private`) safely: only regular files with safe names
 * are read (opened without following links, never blocking on a FIFO); symbolic links (wherever
 * they point), FIFOs, sockets, devices, folders, undecodable or unsafe names and files over
 * `maxFileBytes` come back in `refused` with a reason; hidden (`.`) names are skipped. A folder
 * whose real path leaves the share root (e.g. a link to another tenant's folder) is read as
 * nothing and comes back as one `outside-root` refusal named after the folder; a missing folder
 * is empty. Other share failures (connection, I/O) throw.
 */
export async function readKeyFolder(
  share: Share,
  dir: string,
  options: KeyFolderOptions = {},
): Promise<KeyFolderContents> {
  let entries: ShareEntry[];
  try {
    entries = await share.list(dir);
  } catch (e) {
    if (e instanceof ShareError && e.code === 'SHARE_NOT_FOUND') return { files: [], refused: [] };
    if (e instanceof ShareError && e.code === 'SHARE_OUTSIDE_ROOT') {
      const reason = 'the folder leads outside the share root (a symbolic link is never followed there)';
      return {
        files: [],
        refused: [{ name: printableName(dir), code: 'outside-root', reason, addressable: false }],
      };
    }
    throw e;
  }
  const files: KeyFolderFile[] = [];
  const refused: RefusedEntry[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') && e.refusal === undefined) continue;
    const r = refusalOf(e, false);
    if (r) {
      refused.push(r);
      continue;
    }
    if (options.maxFileBytes !== undefined && e.size > options.maxFileBytes) {
      const reason = `it has ${e.size} bytes; the limit is ${options.maxFileBytes}`;
      refused.push({ name: printableName(e.name), code: 'too-large', reason, addressable: true });
      continue;
    }
    const path = joinSharePath(dir, e.name);
    try {
      files.push({ name: e.name, path, bytes: await share.read(path) });
    } catch (err) {
      if (!(err instanceof ShareError)) throw err;
      if (err.code === 'SHARE_NOT_FOUND' || err.code === 'SHARE_NOT_A_FILE') {
        const reason = `it changed after the listing and was not read (${err.message})`;
        refused.push({ name: printableName(e.name), code: 'changed', reason, addressable: true });
      } else if (err.code === 'SHARE_OUTSIDE_ROOT') {
        refused.push({
          name: printableName(e.name),
          code: 'outside-root',
          reason: err.message,
          addressable: true,
        });
      } else throw err;
    }
  }
  return { files, refused };
}

// The refusal of a listed entry for a folder of files (uploads or keys), or undefined.
function refusalOf(e: ShareEntry, checkUploadName = true): RefusedEntry | undefined {
  if (e.refusal !== undefined) {
    const undecodable = e.refusal.code === 'undecodable-name';
    return {
      name: undecodable ? e.name : printableName(e.name),
      code: e.refusal.code,
      reason: e.refusal.reason,
      addressable: !undecodable && e.refusal.code !== 'unsafe-name',
    };
  }
  const name = printableName(e.name);
  if (e.kind === 'dir') {
    return {
      name,
      code: 'directory',
      reason: 'it is a directory; only regular files are read',
      addressable: true,
    };
  }
  if (e.kind !== 'file') {
    return {
      name,
      code: 'special-file',
      reason: 'it is not a regular file; only regular files are read',
      addressable: true,
    };
  }
  const tooLong = checkUploadName ? uploadNameReason(e.name) : undefined;
  if (tooLong !== undefined) return { name, code: 'name-too-long', reason: tooLong, addressable: true };
  return undefined;
}
