import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store, TenantId } from '@usesync/domain';
import type { Pool, PoolClient } from 'pg';
import {
  checkTenant,
  checkTxTenant,
  closedError,
  deadlockError,
  schemaVersionError,
  txCloseError,
} from '../internal/guards.js';
import { sealKekCheck, verifyKekCheck } from '../internal/sealing.js';
import type { KeyEncryptionKey } from '../kek.js';
import type { KeyPoolingStore } from '../key-pool-port.js';
import { pgCoordination } from './pg-coordination.js';
import { clientDb, type Db, wrapPgError } from './pg-db.js';
import { loadPg } from './pg-driver.js';
import { pgDataMethods, type Run } from './pg-facade.js';
import { pgKeyPool } from './pg-key-pool.js';
import { migrateSchema, pgSchemaVersion } from './pg-migrations.js';
import { checkSchemaName, PG_SCHEMA_VERSION } from './pg-schema.js';
import { connectionError, redactUrl } from './pg-url.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user@host:port/database` (a password in it is never shown in messages). */
  readonly url: string;
  /** Protects the rule set, passphrases and archived private keys (the same key as SQLite's). */
  readonly kek: KeyEncryptionKey;
  /** The schema holding usesync's tables (default `usesync`), so it can share a database. */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /**
   * Apply pending migrations on open (default true). With false the schema must be current
   * (`STORE_SCHEMA_OUTDATED`); apply it with {@link migratePostgres} (e.g. a deploy step).
   */
  readonly migrate?: boolean;
  /** Every transaction read-only; no migration (for `usesync plan`). */
  readonly readOnly?: boolean;
  /** Shown in `pg_stat_activity` (default `usesync`). */
  readonly applicationName?: string;
  /** Clock for journal and migration times (leases and claims use the server's clock). */
  readonly now?: () => Date;
}

/** The PostgreSQL store: the `Store` port plus coordination primitives and the key pool. */
export type PostgresStore = KeyPoolingStore;

interface PoolOptions {
  readonly url: string;
  readonly poolSize?: number;
  readonly readOnly?: boolean;
  readonly applicationName?: string;
}

async function createPool(options: PoolOptions, schema: string): Promise<Pool> {
  const { Pool } = await loadPg();
  const settings = [`-c search_path=${schema}`];
  if (options.readOnly) settings.push('-c default_transaction_read_only=on');
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    options: settings.join(' '),
    application_name: options.applicationName ?? 'usesync',
  });
  // An idle connection that breaks (server restart) must not crash the process; the next query
  // gets a fresh connection or a clear error.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Applies pending PostgreSQL migrations explicitly (the deploy step when replicas open with
 * `migrate: false`). Safe to run from several processes at once (advisory lock).
 */
export async function migratePostgres(options: {
  readonly url: string;
  readonly schema?: string;
  readonly now?: () => Date;
}): Promise<{ from: number; to: number; applied: readonly number[] }> {
  const schema = checkSchemaName(options.schema ?? 'usesync');
  const pool = await createPool(options, schema);
  try {
    return await migrateSchema(pool, schema, () => (options.now?.() ?? new Date()).toISOString());
  } catch (e) {
    throw connectionError(e, options.url, 'migrate the store');
  } finally {
    await pool.end();
  }
}

/**
 * Opens the PostgreSQL store: a connection pool, migrations applied under an advisory lock
 * (unless `migrate: false` or read-only), and a key check that fails at once with
 * `STORE_WRONG_KEK`. Throws `STORE_UNAVAILABLE` when the server cannot be reached.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = checkSchemaName(options.schema ?? 'usesync');
  const now = options.now ?? (() => new Date());
  const pool = await createPool(options, schema);
  try {
    if (options.migrate === false || options.readOnly) {
      const v = await pgSchemaVersion(pool, schema);
      const outdated = schemaVersionError(v, PG_SCHEMA_VERSION, `at ${redactUrl(options.url)}`);
      if (outdated) throw outdated;
    } else {
      await migrateSchema(pool, schema, () => now().toISOString());
    }
    await checkKek(pool, options.kek, options.readOnly ?? false);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw connectionError(e, options.url, 'open the store');
  }
  return createStore(pool, options.kek, now);
}

async function checkKek(pool: Pool, kek: KeyEncryptionKey, readOnly: boolean): Promise<void> {
  if (!readOnly) {
    await pool.query("INSERT INTO meta (key, value) VALUES ('kek-check', $1) ON CONFLICT DO NOTHING", [
      sealKekCheck(kek),
    ]);
  }
  const row = (await pool.query<{ value: Buffer }>("SELECT value FROM meta WHERE key = 'kek-check'")).rows[0];
  if (row) verifyKekCheck(kek, row.value);
}

function createStore(pool: Pool, kek: KeyEncryptionKey, now: () => Date): PostgresStore {
  let closed = false;
  // Per-tenant gates: calls for a tenant wait while its transaction runs (as the contract asks);
  // other tenants go on in parallel on other pooled connections.
  const gates = new Map<TenantId, Promise<void>>();
  const insideTx = new AsyncLocalStorage<symbol>();
  const activeTx = new Set<symbol>();

  const checkOpen = () => {
    if (closed) throw closedError();
  };
  const enter = async (tenant: TenantId) => {
    checkOpen();
    checkTenant(tenant);
    const token = insideTx.getStore();
    if (token !== undefined && activeTx.has(token)) throw deadlockError();
    for (let g = gates.get(tenant); g; g = gates.get(tenant)) await g;
    checkOpen();
  };
  const withClient = async <T>(op: string, f: (client: PoolClient) => Promise<T>): Promise<T> => {
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      throw wrapPgError(op, e);
    }
    try {
      return await f(client);
    } catch (e) {
      throw wrapPgError(op, e);
    } finally {
      client.release();
    }
  };
  const run: Run = async (op, tenant, f) => {
    await enter(tenant);
    return withClient(op, (client) => f(clientDb(client, false, kek, now)));
  };

  const transaction = async <T>(tenant: TenantId, fn: (tx: Store) => Promise<T>): Promise<T> => {
    await enter(tenant);
    // Checked again right before taking the gate: two waiters woken together take turns.
    for (let g = gates.get(tenant); g; g = gates.get(tenant)) await g;
    checkOpen();
    let release = () => {};
    gates.set(
      tenant,
      new Promise((r) => {
        release = r;
      }),
    );
    const token = Symbol('transaction');
    try {
      return await withClient('run a transaction', async (client) => {
        await client.query('BEGIN');
        let active = true;
        const db: Db = clientDb(client, true, kek, now);
        let chain: Promise<unknown> = Promise.resolve();
        const txEnter = (t: TenantId) => checkTxTenant(active, t, tenant);
        // One statement at a time on the connection; each call in a savepoint, so a failed
        // call leaves the transaction usable (as in SQLite).
        const txRun: Run = async (op, t, f) => {
          txEnter(t);
          const p = chain.then(() => db.atomic(() => f(db)));
          chain = p.catch(() => undefined);
          return p.catch((e: unknown) => {
            throw wrapPgError(op, e);
          });
        };
        const tx: Store = {
          ...pgDataMethods(txRun),
          transaction: async (t, inner) => {
            txEnter(t);
            await chain;
            return db.atomic(() => inner(tx));
          },
          close: async () => {
            throw txCloseError();
          },
        };
        activeTx.add(token);
        try {
          const result = await insideTx.run(token, () => fn(tx));
          await chain;
          await client.query('COMMIT');
          return result;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        } finally {
          active = false;
          activeTx.delete(token);
        }
      });
    } finally {
      gates.delete(tenant);
      release();
    }
  };

  return {
    ...pgDataMethods(run),
    transaction,
    coordination: pgCoordination(pool, checkOpen),
    keyPool: pgKeyPool(run, async (op, f) => {
      checkOpen();
      return withClient(op, (client) => f(clientDb(client, false, kek, now)));
    }),
    close: async () => {
      if (closed) return;
      for (const g of [...gates.values()]) await g;
      closed = true;
      await pool.end();
    },
  };
}
