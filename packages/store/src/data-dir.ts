import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CoordinatedStore } from '@usesync/domain';
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
 * Opens the embedded store of a data directory: `<dataDir>/usesync.db` with the key from
 * `USESYNC_KEK` or `<dataDir>/kek`.
 */
export function openDataDirStore(options: DataDirStoreOptions): CoordinatedStore {
  if (options.create && !options.readOnly) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
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
