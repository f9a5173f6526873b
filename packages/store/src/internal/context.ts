import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { KeyEncryptionKey } from '../kek.js';

/** What the SQLite operations share: the connection, a statement cache, the key and the clock. */
export interface Ctx {
  readonly db: DatabaseSync;
  readonly kek: KeyEncryptionKey;
  /** The current time as an ISO-8601 string. */
  now(): string;
  /** A prepared statement, compiled once per connection. */
  stmt(sql: string): StatementSync;
  /** Like {@link Ctx.stmt}, but rows come back as arrays (several times faster for bulk reads). */
  rows(sql: string): StatementSync;
  /** The first row of a query as an object, or undefined. */
  one(sql: string, ...params: Value[]): Row | undefined;
  /** The rows of a query as objects. */
  all(sql: string, ...params: Value[]): Row[];
  /** Runs `fn` inside a savepoint: all or nothing, nestable inside an outer transaction. */
  atomic<T>(fn: () => T): T;
}

/** Builds the context for one connection. */
export function createContext(db: DatabaseSync, kek: KeyEncryptionKey, now: () => Date): Ctx {
  const cache = new Map<string, StatementSync>();
  const arrays = new Map<string, StatementSync>();
  let depth = 0;
  const stmt = (sql: string): StatementSync => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  return {
    db,
    kek,
    now: () => now().toISOString(),
    stmt,
    one: (sql, ...params) => stmt(sql).get(...params) as Row | undefined,
    all: (sql, ...params) => stmt(sql).all(...params) as Row[],
    rows(sql) {
      let s = arrays.get(sql);
      if (!s) {
        s = db.prepare(sql);
        s.setReturnArrays(true);
        arrays.set(sql, s);
      }
      return s;
    },
    atomic(fn) {
      const name = `sp${depth++}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const r = fn();
        db.exec(`RELEASE ${name}`);
        return r;
      } catch (e) {
        rollbackTo(db, name);
        throw e;
      } finally {
        depth--;
      }
    },
  };
}

/** Undoes the work since savepoint `name` and ends it (the outer transaction goes on). */
export function rollbackTo(db: DatabaseSync, name: string): void {
  db.exec(`ROLLBACK TO ${name}`);
  db.exec(`RELEASE ${name}`);
}

/** A column value as node:sqlite returns it. */
export type Value = string | number | bigint | Uint8Array | null;
/** Row values as node:sqlite returns them. */
export type Row = Record<string, Value>;
/** A row in array mode. */
export type ArrayRow = readonly Value[];

/** A nullable text column as an optional property value. */
export function opt(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}
