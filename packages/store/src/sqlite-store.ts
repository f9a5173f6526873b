import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { Store, TenantId } from '@usesync/domain';
import { UsesyncError } from '@usesync/domain';
import { createContext, rollbackTo } from './internal/context.js';
import { dataMethods, type Enter } from './internal/facade.js';
import {
  checkTenant,
  checkTxTenant,
  closedError,
  deadlockError,
  schemaVersionError,
  txCloseError,
} from './internal/guards.js';
import { sqliteKeyPool } from './internal/key-pool-ops.js';
import { migrate, SCHEMA_VERSION, schemaVersion } from './internal/migrations.js';
import { sealKekCheck, verifyKekCheck } from './internal/sealing.js';
import { sqliteCoordination } from './internal/sqlite-coordination.js';
import type { KeyEncryptionKey } from './kek.js';
import type { KeyPoolingStore } from './key-pool-port.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file (conventionally `<data>/usesync.db`), or `:memory:` for tests. */
  readonly file: string;
  /** Protects the rule set, passphrases and archived private keys. */
  readonly kek: KeyEncryptionKey;
  /**
   * Read only: no migration, every write refused (`STORE_READ_ONLY`), and the files are left as
   * they were (for `usesync plan`). The database must exist and be at the current schema.
   */
  readonly readOnly?: boolean;
  /** How long to wait for another process's write lock (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /**
   * `normal` (default): durable across process crashes (SIGKILL), the last commits may be lost on
   * power failure. `full`: fsync on every commit.
   */
  readonly synchronous?: 'normal' | 'full';
  /** Clock for journal and migration times (tests pass a fixed one). */
  readonly now?: () => Date;
  /** Clock of leases and claims in milliseconds (default `Date.now`; kept apart from `now`). */
  readonly leaseClock?: () => number;
}

/**
 * Opens (creating and migrating unless read-only) the SQLite store: WAL mode, a busy timeout,
 * prepared statements. Throws `STORE_MISSING`, `STORE_SCHEMA_OUTDATED`, `STORE_SCHEMA_NEWER` or
 * `STORE_WRONG_KEK` (the key does not open this database's secrets).
 */
export function openSqliteStore(options: SqliteStoreOptions): KeyPoolingStore {
  const memory = options.file === ':memory:';
  const readOnly = options.readOnly ?? false;
  if (readOnly && !memory && !existsSync(options.file)) {
    throw new UsesyncError(
      'STORE_MISSING',
      `Cannot open the store ${options.file}: it does not exist (run \`usesync init\`)`,
    );
  }
  const now = options.now ?? (() => new Date());
  let db: DatabaseSync;
  try {
    // Opened read-write even when read-only: the last connection to close then removes the
    // -wal/-shm files it created, leaving the directory as it was. `query_only` refuses writes.
    db = new DatabaseSync(options.file, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (e) {
    throw new UsesyncError(
      'STORE_OPEN_FAILED',
      `Cannot open the store ${options.file}: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  try {
    if (readOnly) {
      db.exec('PRAGMA query_only = ON');
      const outdated = schemaVersionError(schemaVersion(db), SCHEMA_VERSION, 'read-only');
      if (outdated) throw outdated;
    } else {
      if (!memory) db.exec('PRAGMA journal_mode = WAL');
      db.exec(`PRAGMA synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      migrate(db, () => now().toISOString());
    }
    checkKek(db, options.kek, readOnly);
  } catch (e) {
    db.close();
    throw e;
  }
  return createStore(db, options.kek, now, options.leaseClock ?? Date.now);
}

// Fails fast with a clear error when the key does not match, instead of at the first secret read.
function checkKek(db: DatabaseSync, kek: KeyEncryptionKey, readOnly: boolean): void {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'kek-check'").get() as
    | { value: Uint8Array }
    | undefined;
  if (!row) {
    if (!readOnly) {
      db.prepare("INSERT INTO meta (key, value) VALUES ('kek-check', ?)").run(sealKekCheck(kek));
    }
    return;
  }
  verifyKekCheck(kek, row.value);
}

function createStore(
  db: DatabaseSync,
  kek: KeyEncryptionKey,
  now: () => Date,
  leaseClock: () => number,
): KeyPoolingStore {
  const ctx = createContext(db, kek, now);
  let closed = false;
  let gate: Promise<void> | undefined;
  let txCount = 0;

  const checkOpen = () => {
    if (closed) throw closedError();
  };
  // Knows whether the caller runs inside this store's transaction, to fail instead of deadlocking.
  const insideTx = new AsyncLocalStorage<symbol>();
  let currentTx: symbol | undefined;
  const enter = async (tenant?: TenantId) => {
    checkOpen();
    if (tenant !== undefined) checkTenant(tenant);
    if (gate && currentTx !== undefined && insideTx.getStore() === currentTx) throw deadlockError();
    // Calls from outside a running transaction wait for it, so they never join it by accident.
    while (gate) await gate;
    checkOpen();
  };

  const transaction = async <T>(tenant: TenantId, fn: (tx: Store) => Promise<T>): Promise<T> => {
    await enter(tenant);
    db.exec('BEGIN IMMEDIATE');
    let release = () => {};
    gate = new Promise((r) => {
      release = r;
    });
    let active = true;
    const txEnter: Enter = async (t) => checkTxTenant(active, t, tenant);
    const tx: Store = {
      ...dataMethods(ctx, txEnter),
      // Nested: a savepoint, so a caught inner failure rolls back only the inner work.
      transaction: async (t, inner) => {
        await txEnter(t);
        const sp = `tx${++txCount}`;
        db.exec(`SAVEPOINT ${sp}`);
        try {
          const r = await inner(tx);
          db.exec(`RELEASE ${sp}`);
          return r;
        } catch (e) {
          rollbackTo(db, sp);
          throw e;
        }
      },
      close: async () => {
        throw txCloseError();
      },
    };
    try {
      const token = Symbol('transaction');
      currentTx = token;
      const result = await insideTx.run(token, () => fn(tx));
      db.exec('COMMIT');
      return result;
    } catch (e) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw e;
    } finally {
      active = false;
      currentTx = undefined;
      gate = undefined;
      release();
    }
  };

  return {
    ...dataMethods(ctx, enter),
    transaction,
    coordination: sqliteCoordination(ctx, () => enter(), leaseClock),
    keyPool: sqliteKeyPool(ctx, enter),
    close: async () => {
      if (closed) return;
      while (gate) await gate;
      closed = true;
      db.close();
    },
  };
}
