import { UsesyncError } from '@usesync/domain';
import type { Pool, PoolClient } from 'pg';
import { checkSchemaName, PG_MIGRATIONS, PG_SCHEMA_VERSION, type PgMigrationResult } from './pg-schema.js';

// Advisory-lock class id for "usesync migrations" (any constant; the schema name is the key).
const LOCK_CLASS = 0x55_53_45;

/** The schema version in `schema` (0 when none). */
export async function pgSchemaVersion(client: Pool | PoolClient, schema: string): Promise<number> {
  const t = await client.query<{ n: string | null }>('SELECT to_regclass($1) AS n', [
    `${checkSchemaName(schema)}.usesync_migrations`,
  ]);
  if (!t.rows[0]?.n) return 0;
  const r = await client.query<{ v: number | null }>(
    `SELECT MAX(version)::int AS v FROM ${schema}.usesync_migrations`,
  );
  return r.rows[0]?.v ?? 0;
}

/**
 * Brings `schema` up to {@link PG_SCHEMA_VERSION} in one transaction under a transaction-level
 * advisory lock: replicas starting together wait for the first, then find nothing to do; a crash
 * rolls back every step (PostgreSQL DDL is transactional) and frees the lock with the session.
 * Throws `STORE_SCHEMA_NEWER` when the database is ahead of this code.
 */
export async function migrateSchema(
  pool: Pool,
  schema: string,
  now: () => string,
): Promise<PgMigrationResult> {
  checkSchemaName(schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.usesync_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
    const from = await pgSchemaVersion(client, schema);
    if (from > PG_SCHEMA_VERSION) {
      throw new UsesyncError(
        'STORE_SCHEMA_NEWER',
        `Cannot open the store: its schema version ${from} is newer than this usesync (${PG_SCHEMA_VERSION}); upgrade usesync`,
      );
    }
    const applied: number[] = [];
    await client.query(`SET LOCAL search_path TO ${schema}`);
    for (const m of PG_MIGRATIONS) {
      if (m.version <= from) continue;
      try {
        await client.query(m.sql);
      } catch (e) {
        throw new UsesyncError(
          'STORE_MIGRATION_FAILED',
          `Cannot migrate the store to version ${m.version}: ${(e as Error).message}`,
          { cause: e },
        );
      }
      await client.query('INSERT INTO usesync_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        now(),
      ]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return { from, to: PG_SCHEMA_VERSION, applied };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
