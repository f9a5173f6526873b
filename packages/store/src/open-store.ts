import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsesyncError } from '@usesync/domain';
import { assertSafeDataDir, STORE_FILE } from './data-dir.js';
import type { KeyEncryptionKey } from './kek.js';
import { KEK_ENV, loadKek } from './kek-file.js';
import type { KeyPoolingStore } from './key-pool-port.js';
import { redactUrl } from './postgres/pg-url.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';

/** Environment variable naming the store: a data directory, `sqlite:…` or `postgres://…`. */
export const STORE_ENV = 'USESYNC_STORE';

/** Where a store lives, parsed from its location text. */
export type StoreLocation =
  | { readonly engine: 'sqlite'; readonly file: string; readonly dataDir?: string }
  | { readonly engine: 'postgres'; readonly url: string; readonly schema?: string };

/**
 * Parses a store location: `postgres://…` / `postgresql://…` (optional `?schema=name`),
 * `sqlite:<path>` (a `.db` file, `:memory:`, or a data directory), or a bare path (a data
 * directory, the default). Throws `STORE_URL_UNSUPPORTED` for other schemes.
 */
export function parseStoreLocation(location: string): StoreLocation {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(location)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let u: URL;
    try {
      u = new URL(location);
    } catch (e) {
      throw new UsesyncError('STORE_URL_INVALID', `Cannot read the store URL ${redactUrl(location)}`, {
        cause: e,
      });
    }
    const schema = u.searchParams.get('schema') ?? undefined;
    u.searchParams.delete('schema');
    return schema === undefined
      ? { engine: 'postgres', url: u.toString() }
      : { engine: 'postgres', url: u.toString(), schema };
  }
  if (scheme === 'sqlite') {
    const path = location.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '')
      throw new UsesyncError('STORE_URL_INVALID', 'Cannot read the store URL sqlite: it names no path');
    if (path === ':memory:' || /\.(db|sqlite3?)$/i.test(path)) return { engine: 'sqlite', file: path };
    return { engine: 'sqlite', file: join(path, STORE_FILE), dataDir: path };
  }
  // One letter before the colon is a Windows drive, not a scheme.
  if (scheme !== undefined && scheme.length > 1) {
    throw new UsesyncError(
      'STORE_URL_UNSUPPORTED',
      `Cannot open the store ${redactUrl(location)}: expected a data directory, sqlite:<path> or postgres://…`,
    );
  }
  return { engine: 'sqlite', file: join(location, STORE_FILE), dataDir: location };
}

/** Options of {@link openStoreFromUrl}. */
export interface OpenStoreOptions {
  /** The key; default `USESYNC_KEK` from `env`, then `<dataDir>/kek`. */
  readonly kek?: KeyEncryptionKey;
  /** Environment for `USESYNC_KEK` (pass `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the `kek` file is for a PostgreSQL store (SQLite uses its own data directory). */
  readonly dataDir?: string;
  /** SQLite: create the directory, key file and database (as `usesync init`). */
  readonly create?: boolean;
  readonly readOnly?: boolean;
  /** PostgreSQL: apply migrations on open (default true). */
  readonly migrate?: boolean;
  /** PostgreSQL: pool size (default 10). */
  readonly poolSize?: number;
  readonly now?: () => Date;
}

/**
 * Opens the store named by `location` (see {@link parseStoreLocation}): SQLite by default,
 * PostgreSQL for a `postgres://` URL. Both come with the coordination primitives.
 */
export async function openStoreFromUrl(
  location: string,
  options: OpenStoreOptions = {},
): Promise<KeyPoolingStore> {
  const where = parseStoreLocation(location);
  const extra = {
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  if (where.engine === 'sqlite') {
    const create = (options.create ?? false) && !options.readOnly;
    if (create && where.file !== ':memory:')
      mkdirSync(where.dataDir ?? dirname(where.file), { recursive: true, mode: 0o700 });
    // The data directory holds the store file: refused when anyone may write it, also when the
    // key comes from the environment (USESYNC_KEK) rather than from the directory.
    if (where.dataDir !== undefined && where.file !== ':memory:') assertSafeDataDir(where.dataDir);
    const kek = options.kek ?? keyFor(where.dataDir ?? options.dataDir, options, create);
    return openSqliteStore({ file: where.file, kek, ...extra });
  }
  const kek = options.kek ?? keyFor(options.dataDir, options, false);
  return openPostgresStore({
    url: where.url,
    kek,
    ...(where.schema !== undefined ? { schema: where.schema } : {}),
    ...(options.migrate !== undefined ? { migrate: options.migrate } : {}),
    ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
    ...extra,
  });
}

function keyFor(dataDir: string | undefined, options: OpenStoreOptions, create: boolean): KeyEncryptionKey {
  if (dataDir === undefined) {
    const text = options.env?.[KEK_ENV];
    if (text === undefined || text.trim() === '') {
      throw new UsesyncError(
        'KEK_MISSING',
        `Cannot load the key-encryption key: set ${KEK_ENV} (or pass a data directory holding the kek file)`,
      );
    }
  }
  return loadKek({ dataDir: dataDir ?? '.', ...(options.env ? { env: options.env } : {}), create }).kek;
}
