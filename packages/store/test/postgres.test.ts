import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  KeyEncryptionKey,
  migratePostgres,
  openPostgresStore,
  openStoreFromUrl,
  PG_SCHEMA_VERSION,
} from '../src/index.js';
import { loadPg } from '../src/postgres/pg-driver.js';
import { storeContract } from './contract.js';
import { pgpKey } from './fixtures.js';
import { type PgCluster, pgAvailability, startPgCluster } from './support/pg-cluster.js';
import { dropSchema, freshSchema, pgStoreHandle } from './support/pg-schemas.js';

const fixedNow = () => new Date('2026-06-01T16:00:00.000Z');
const available = pgAvailability();
let cluster: PgCluster;

async function sql<R>(text: string, params: unknown[] = []): Promise<R[]> {
  const c = new (await loadPg()).Client({ connectionString: cluster.url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as R[];
  } finally {
    await c.end();
  }
}

if (available.ok) {
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  storeContract('postgres', () => pgStoreHandle(cluster, { now: fixedNow }), { persistsBytes: true });
} else {
  test.skip(available.reason, () => {});
}

describe.skipIf(!available.ok)('postgres store specifics', () => {
  test('four stores reserving orders of one tenant at once never pass the cap', async () => {
    const schema = freshSchema('r');
    const kek = KeyEncryptionKey.generate();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () =>
        openPostgresStore({ url: cluster.url, kek, schema, poolSize: 3, now: fixedNow }),
      ),
    );
    const answers = await Promise.all(
      stores.flatMap((s, i) =>
        Array.from({ length: 10 }, (_, j) =>
          s.reserveOrder('T1', `o${i}-${j}`, 12, '2026-06-01T16:00:00.000Z'),
        ),
      ),
    );
    expect(answers.filter((a) => a === 'reserved')).toHaveLength(12);
    await Promise.all(stores.map((s) => s.close()));
    await dropSchema(cluster.url, schema);
  });

  test('five replicas opening a new schema at once migrate it once', async () => {
    const schema = freshSchema('m');
    const kek = KeyEncryptionKey.generate();
    const stores = await Promise.all(
      Array.from({ length: 5 }, () =>
        openPostgresStore({ url: cluster.url, kek, schema, poolSize: 2, now: fixedNow }),
      ),
    );
    expect(
      await sql(`SELECT version, applied_at FROM ${schema}.usesync_migrations ORDER BY version`),
    ).toEqual([
      { version: 1, applied_at: '2026-06-01T16:00:00.000Z' },
      { version: 2, applied_at: '2026-06-01T16:00:00.000Z' },
      { version: 3, applied_at: '2026-06-01T16:00:00.000Z' },
      { version: 4, applied_at: '2026-06-01T16:00:00.000Z' },
    ]);
    await stores[0]?.putPgpKeys('T1', [pgpKey('a@x.com', 'F1')]);
    expect(await stores[4]?.listPgpKeys('T1')).toHaveLength(1);
    await Promise.all(stores.map((s) => s.close()));
    await dropSchema(cluster.url, schema);
  });

  test('migrations can be applied explicitly; replicas opened without migrating need them', async () => {
    const schema = freshSchema('m');
    const kek = KeyEncryptionKey.generate();
    await expect(openPostgresStore({ url: cluster.url, kek, schema, migrate: false })).rejects.toMatchObject({
      code: 'STORE_SCHEMA_OUTDATED',
    });
    expect(await migratePostgres({ url: cluster.url, schema })).toEqual({
      from: 0,
      to: PG_SCHEMA_VERSION,
      applied: [1, 2, 3, 4],
    });
    expect(await migratePostgres({ url: cluster.url, schema })).toEqual({ from: 4, to: 4, applied: [] });
    const store = await openPostgresStore({ url: cluster.url, kek, schema, migrate: false });
    await store.close();
    await sql(`INSERT INTO ${schema}.usesync_migrations VALUES (99, 'future', 'x')`);
    await expect(openPostgresStore({ url: cluster.url, kek, schema })).rejects.toMatchObject({
      code: 'STORE_SCHEMA_NEWER',
    });
    await dropSchema(cluster.url, schema);
  });

  test('the wrong key-encryption key is refused at open; read-only refuses writes', async () => {
    const h = await pgStoreHandle(cluster);
    await h.store.setRuleSet('T1', 'rule x');
    await h.store.close();
    await expect(
      openPostgresStore({ url: cluster.url, kek: KeyEncryptionKey.generate(), schema: h.schema }),
    ).rejects.toMatchObject({ code: 'STORE_WRONG_KEK' });
    await h.dispose?.();
  });

  test('a read-only store reads and refuses writes', async () => {
    const schema = freshSchema('r');
    const kek = KeyEncryptionKey.generate();
    const w = await openPostgresStore({ url: cluster.url, kek, schema });
    await w.setRuleSet('T1', 'rule x');
    await w.close();
    const r = await openPostgresStore({ url: cluster.url, kek, schema, readOnly: true });
    expect(await r.getRuleSet('T1')).toBe('rule x');
    await expect(r.putPgpKeys('T1', [pgpKey('a@x.com', 'F1')])).rejects.toMatchObject({
      code: 'STORE_READ_ONLY',
    });
    await r.close();
    await dropSchema(cluster.url, schema);
  });

  test('a secret copied into another tenant does not decrypt there', async () => {
    const h = await pgStoreHandle(cluster);
    await h.store.setRuleSet('TA', 'swm-password: secret-of-A');
    await h.store.setRuleSet('TB', 'rule B');
    await sql(
      `UPDATE ${h.schema}.rule_sets SET sealed = (SELECT sealed FROM ${h.schema}.rule_sets WHERE tenant = 'TA') WHERE tenant = 'TB'`,
    );
    await expect(h.store.getRuleSet('TB')).rejects.toMatchObject({ code: 'STORE_DECRYPT_FAILED' });
    expect(await h.store.getRuleSet('TA')).toBe('swm-password: secret-of-A');
    await h.store.close();
    await h.dispose?.();
  });

  test("a transaction of one tenant does not hold up another tenant's calls", async () => {
    const h = await pgStoreHandle(cluster);
    const order: string[] = [];
    let entered = () => {};
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const tx = h.store.transaction('T1', async (t) => {
      entered();
      await t.putPgpKeys('T1', [pgpKey('a@x.com', 'F1')]);
      await new Promise((r) => setTimeout(r, 150));
      order.push('T1-tx-end');
    });
    await inside;
    await h.store.listPgpKeys('T2').then(() => order.push('T2-read'));
    await tx;
    expect(order).toEqual(['T2-read', 'T1-tx-end']);
    await h.store.close();
    await h.dispose?.();
  });

  test('an unreachable server fails with STORE_UNAVAILABLE and never shows the password', async () => {
    const url = 'postgres://usesync:Sup3r-Secret-Pw@127.0.0.1:1/usesync';
    const err = await openStoreFromUrl(url, { kek: KeyEncryptionKey.generate() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(String((err as Error).message)).not.toContain('Sup3r-Secret-Pw');
    expect(String((err as Error).message)).toContain('usesync:***@127.0.0.1:1');
  });

  test('two stores on one database taking keys at once never get the same key', async () => {
    const schema = freshSchema('kp');
    const kek = KeyEncryptionKey.generate();
    const a = await openPostgresStore({ url: cluster.url, kek, schema, poolSize: 4 });
    const b = await openPostgresStore({ url: cluster.url, kek, schema, poolSize: 4 });
    const keys = Array.from({ length: 40 }, (_, i) => new TextEncoder().encode(`pooled-${i}`));
    await a.keyPool.add('rsa-3072', keys);
    // Both replicas ask for 60 keys (2 at a time, as PGP does) across different tenants at once.
    const takes = Array.from({ length: 30 }, (_, i) =>
      (i % 2 === 0 ? a : b).keyPool.take('rsa-3072', 2, {
        tenant: i % 3 === 0 ? 'T1' : 'T2',
        address: `u${i}@x.com`,
        actionId: `pgp-create:u${i}@x.com`,
        purpose: 'pgp',
      }),
    );
    const taken = (await Promise.all(takes)).flatMap((t) => t ?? []);
    const texts = taken.map((k) => Buffer.from(k.pkcs8).toString());
    expect(texts).toHaveLength(40);
    expect(new Set(texts).size).toBe(40);
    expect((await a.keyPool.sizes())['rsa-3072']).toBe(0);
    const uses = [...(await b.keyPool.uses('T1')), ...(await b.keyPool.uses('T2'))];
    expect(new Set(uses.map((u) => u.id)).size).toBe(40);
    await a.close();
    await b.close();
    await dropSchema(cluster.url, schema);
  });
});
