/** Fresh PostgreSQL stores for tests: one schema each, dropped after. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KeyEncryptionKey, openPostgresStore, type PostgresStoreOptions } from '../../src/index.js';
import { loadPg } from '../../src/postgres/pg-driver.js';
import type { StoreHandle } from '../contract.js';
import type { PgCluster } from './pg-cluster.js';

let counter = 0;

/** A unique schema name for this process. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}${process.pid}_${++counter}`;
}

/** Drops a schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new (await loadPg()).Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}

/**
 * Every byte the server persisted for the current database: heap files after a checkpoint plus
 * the WAL (when this process owns the cluster), else a textual dump of the schema's rows.
 */
async function rawBytes(cluster: PgCluster, schema: string): Promise<Uint8Array> {
  const c = new (await loadPg()).Client({ connectionString: cluster.url });
  await c.connect();
  try {
    if (cluster.dataDir) {
      await c.query('CHECKPOINT');
      const oid = (
        await c.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = current_database()')
      ).rows[0]?.oid;
      const files = [join(cluster.dataDir, 'base', String(oid)), join(cluster.dataDir, 'pg_wal')].flatMap(
        (d) =>
          readdirSync(d)
            .map((f) => join(d, f))
            .filter((f) => statSync(f).isFile()),
      );
      return Buffer.concat(files.map((f) => readFileSync(f)));
    }
    const tables = await c.query<{ t: string }>(
      'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    const parts: string[] = [];
    for (const { t } of tables.rows) {
      const rows = await c.query<{ r: string }>(`SELECT x::text AS r FROM ${schema}.${t} x`);
      parts.push(...rows.rows.map((r) => r.r));
    }
    return Buffer.from(parts.join('\n'), 'utf8');
  } finally {
    await c.end();
  }
}

/** A fresh PostgreSQL store in its own schema. */
export async function pgStoreHandle(
  cluster: PgCluster,
  over: Partial<PostgresStoreOptions> = {},
): Promise<StoreHandle & { schema: string }> {
  const schema = freshSchema();
  const store = await openPostgresStore({
    url: cluster.url,
    kek: KeyEncryptionKey.generate(),
    schema,
    poolSize: 4,
    ...over,
  });
  return {
    store,
    schema,
    rawBytes: () => rawBytes(cluster, schema),
    dispose: () => dropSchema(cluster.url, schema),
  };
}
