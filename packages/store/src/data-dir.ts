import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CoordinatedStore } from '@usesync/domain';
import { UsesyncError } from '@usesync/domain';
import { loadKek } from './kek-file.js';
import { openSqliteStore } from './sqlite-store.js';

/** Name of the SQLite file inside the data directory. */
export const STORE_FILE = 'usesync.db';

/** Options of {@link openDataDirStore}. */
export interface DataDirStoreOptions {
  readonly dataDir: string;
  /** Environment to read `USESYNC_KEK` from (pass `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Create the directory (mode 0700), the `kek` file (0600) and the database (for `usesync init`). */
  readonly create?: boolean;
  /** Read only (for `usesync plan`): no file is created or changed. */
  readonly readOnly?: boolean;
  readonly now?: () => Date;
}

/**
 * Refuses a data directory that anyone on the machine may write to (the "others" write bit, with
 * or without the sticky bit): whoever can write there can swap the store, the key file or a
 * tenant's configuration. Throws `DATA_DIR_UNSAFE` (naming the directory and its mode, with the
 * fix) or `DATA_DIR_INVALID` when the path is not a directory. A directory that does not exist
 * yet passes: whoever opens it reports that.
 */
export function assertSafeDataDir(dataDir: string): void {
  let mode: number;
  let isDir: boolean;
  try {
    const st = statSync(dataDir);
    mode = st.mode;
    isDir = st.isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsesyncError(
      'DATA_DIR_INVALID',
      `Cannot use the data directory ${dataDir}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`,
      { cause: e },
    );
  }
  if (!isDir) {
    throw new UsesyncError(
      'DATA_DIR_INVALID',
      `Cannot use the data directory ${dataDir}: it is not a directory`,
    );
  }
  if ((mode & 0o002) !== 0) {
    throw new UsesyncError(
      'DATA_DIR_UNSAFE',
      `Cannot use the data directory ${dataDir}: it is writable by everyone (mode ${(mode & 0o7777).toString(8)}), so anyone could replace the store or the key; run chmod 700 ${dataDir}`,
    );
  }
}

/**
 * Opens the embedded store of a data directory: `<dataDir>/usesync.db` with the key from
 * `USESYNC_KEK` or `<dataDir>/kek`. A data directory writable by everyone is refused
 * (`DATA_DIR_UNSAFE`, see {@link assertSafeDataDir}).
 */
export function openDataDirStore(options: DataDirStoreOptions): CoordinatedStore {
  if (options.create && !options.readOnly) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  assertSafeDataDir(options.dataDir);
  const { kek } = loadKek({
    dataDir: options.dataDir,
    ...(options.env ? { env: options.env } : {}),
    create: (options.create ?? false) && !options.readOnly,
  });
  return openSqliteStore({
    file: join(options.dataDir, STORE_FILE),
    kek,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
