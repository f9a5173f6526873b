import { createHash } from 'node:crypto';
import { type TenantId, UsesyncError } from '@usesync/domain';
import type { PoolClient, QueryResultRow } from 'pg';
import type { KeyEncryptionKey } from '../kek.js';

/** One connection's worth of queries, with nestable atomic sections, the key and the clock. */
export interface Db {
  readonly kek: KeyEncryptionKey;
  /** The current time as an ISO-8601 string (for recorded times; leases use the server clock). */
  now(): string;
  /** Rows as objects. */
  rows<R extends QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Rows as arrays in the order of the columns selected (for the shared row mappers). */
  arrays(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** The first row, or undefined. */
  one<R extends QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<R | undefined>;
  /** The number of rows changed. */
  count(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs `fn` all or nothing: a transaction at the top, a savepoint inside one. */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` in a read-only repeatable-read transaction (a consistent snapshot) at the top. */
  consistent<T>(fn: () => Promise<T>): Promise<T>;
}

// Named statements are parsed once per connection; the name is a digest of the text.
const names = new Map<string, string>();
function statementName(sql: string): string {
  let n = names.get(sql);
  if (!n) {
    n = `u${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    names.set(sql, n);
  }
  return n;
}

/** Wraps a checked-out client; `inTransaction` when the caller already ran BEGIN. */
export function clientDb(
  client: PoolClient,
  inTransaction: boolean,
  kek: KeyEncryptionKey,
  now: () => Date,
): Db {
  let depth = inTransaction ? 1 : 0;
  const exec = (sql: string, params: readonly unknown[] = []) =>
    client.query({ name: statementName(sql), text: sql, values: [...params] });
  const execArrays = (sql: string, params: readonly unknown[] = []) =>
    client.query<unknown[]>({ name: statementName(sql), text: sql, values: [...params], rowMode: 'array' });
  const section = async <T>(begin: string, fn: () => Promise<T>): Promise<T> => {
    const top = depth === 0;
    const sp = `sp${depth}`;
    await client.query(top ? begin : `SAVEPOINT ${sp}`);
    depth++;
    try {
      const r = await fn();
      await client.query(top ? 'COMMIT' : `RELEASE SAVEPOINT ${sp}`);
      return r;
    } catch (e) {
      await client.query(top ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${sp}`).catch(() => undefined);
      if (!top) await client.query(`RELEASE SAVEPOINT ${sp}`).catch(() => undefined);
      throw e;
    } finally {
      depth--;
    }
  };
  return {
    kek,
    now: () => now().toISOString(),
    rows: async (sql, params) => (await exec(sql, params)).rows,
    arrays: async (sql, params) => (await execArrays(sql, params)).rows,
    one: async (sql, params) => (await exec(sql, params)).rows[0],
    count: async (sql, params) => (await exec(sql, params)).rowCount ?? 0,
    atomic: (fn) => section('BEGIN', fn),
    consistent: (fn) => section('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn),
  };
}

/** Turns a driver error into a `UsesyncError` that says what failed (never with parameters). */
export function wrapPgError(op: string, e: unknown): unknown {
  if (e instanceof UsesyncError) return e;
  const err = e as { code?: string; message?: string };
  if (typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code)) {
    const code =
      err.code === '25006'
        ? 'STORE_READ_ONLY'
        : err.code === '40001' || err.code === '40P01' || err.code === '55P03'
          ? 'STORE_BUSY'
          : 'STORE_FAILED';
    return new UsesyncError(code, `Cannot ${op}: ${err.message ?? 'PostgreSQL error'} (${err.code})`, {
      cause: e,
    });
  }
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'ECONNRESET') {
    return new UsesyncError('STORE_UNAVAILABLE', `Cannot ${op}: the database is unreachable (${err.code})`, {
      cause: e,
    });
  }
  return e;
}

// Bulk writes go as arrays through unnest(): one statement per chunk instead of one per row.
const CHUNK = 5000;

/**
 * Inserts or replaces rows by key. Duplicate keys within one call keep the last row (as SQLite's
 * INSERT OR REPLACE in a loop does): ON CONFLICT cannot touch one row twice in a statement.
 */
export async function upsert(
  db: Db,
  table: string,
  tenant: TenantId,
  columns: readonly (readonly [name: string, type: string])[],
  keyColumns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const keyIdx = keyColumns.map((k) => columns.findIndex(([c]) => c === k));
  const last = new Map<string, readonly unknown[]>();
  for (const r of rows) last.set(JSON.stringify(keyIdx.map((i) => r[i])), r);
  const unique = [...last.values()];
  const names = columns.map(([c]) => c);
  const updates = names.filter((c) => !keyColumns.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  const sql = `INSERT INTO ${table} (tenant, ${names.join(', ')})
    SELECT $1, * FROM unnest(${columns.map(([, t], i) => `$${i + 2}::${t}[]`).join(', ')})
    ON CONFLICT (tenant, ${keyColumns.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  for (let at = 0; at < unique.length; at += CHUNK) {
    const chunk = unique.slice(at, at + CHUNK);
    await db.count(sql, [tenant, ...columns.map((_, i) => chunk.map((r) => r[i]))]);
  }
}
