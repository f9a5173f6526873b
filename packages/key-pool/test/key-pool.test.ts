import { defaultTenantConfig } from '@usesync/config';
import { KeyEncryptionKey, type KeyPoolingStore, openSqliteStore } from '@usesync/store';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fillOrder, KeyPool, kindsForConfig } from '../src/index.js';

const now = new Date('2026-06-01T09:00:00.000Z');
let store: KeyPoolingStore;
let pool: KeyPool;

beforeEach(() => {
  store = openSqliteStore({ file: ':memory:', kek: KeyEncryptionKey.generate() });
  pool = new KeyPool({ store: store.keyPool });
});
afterEach(async () => {
  await store.close();
});

const smimeTake = (address: string, keySpec: 'EC-P256' | 'RSA-2048' = 'EC-P256') => ({
  tenant: 'T1',
  address,
  actionId: `smime-create:${address}`,
  keySpec,
  archive: { reference: `pending:${address}`, format: 'pkcs8-der', createdAt: now.toISOString() },
});

describe('KeyPool', () => {
  test('fill adds the keys asked for, per kind, on low-priority threads', async () => {
    const result = await pool.fill({ count: { 'ec-p256': 3, 'rsa-2048': 2 }, budget: { threads: 2 } });
    expect(result.added).toMatchObject({ 'ec-p256': 3, 'rsa-2048': 2, 'rsa-3072': 0 });
    expect(result.ended).toBe('done');
    expect(typeof result.lowPriority).toBe('boolean');
    expect((await pool.status()).sizes).toMatchObject({ 'ec-p256': 3, 'rsa-2048': 2 });
    expect(pool.counters.generated['ec-p256']).toBe(3);
  });

  test('an S/MIME take hands out a usable key, archives it for the tenant and counts a hit', async () => {
    await pool.fill({ count: 1, kinds: ['ec-p256'] });
    const key = await pool.takeSmimeKey(smimeTake('a@x.com'));
    expect(key?.algorithm).toMatchObject({ kind: 'ec', curve: 'P-256' });
    const archived = await store.getArchivedKey('T1', 'smime', 'pending:a@x.com');
    expect(Buffer.from(archived ?? []).equals(Buffer.from(key?.toPkcs8Der() ?? []))).toBe(true);
    expect(await pool.takeSmimeKey(smimeTake('b@x.com'))).toBeUndefined();
    expect(pool.counters.hits.smime['ec-p256']).toBe(1);
    expect(pool.counters.misses.smime['ec-p256']).toBe(1);
    expect(await store.keyPool.uses('T1')).toMatchObject([
      {
        tenant: 'T1',
        address: 'a@x.com',
        actionId: 'smime-create:a@x.com',
        purpose: 'smime',
        kind: 'ec-p256',
      },
    ]);
  });

  test('a PGP take wraps two pooled RSA keys into a key created now with the user ID', async () => {
    await pool.fill({ count: 2, kinds: ['rsa-2048'], budget: { threads: 2 } });
    const key = await pool.takePgpKey({
      tenant: 'T1',
      actionId: 'pgp-create:p@x.com',
      request: { address: 'p@x.com', name: 'Pat', keyLength: 2048, now },
    });
    expect(key?.info).toMatchObject({
      algorithm: 'RSA',
      bits: 2048,
      userIds: ['Pat <p@x.com>'],
      created: now,
    });
    expect((await pool.status()).sizes['rsa-2048']).toBe(0);
    // Kinds the pool does not stock and an empty pool are misses, left to on-demand generation.
    const curve = { address: 'c@x.com', name: 'C', keyType: 'Curve25519', now } as const;
    expect(await pool.takePgpKey({ tenant: 'T1', actionId: 'x', request: curve })).toBeUndefined();
    const rsa = { address: 'r@x.com', name: 'R', keyLength: 2048, now };
    expect(await pool.takePgpKey({ tenant: 'T1', actionId: 'y', request: rsa })).toBeUndefined();
    expect(pool.counters.hits.pgp['rsa-2048']).toBe(1);
    expect(pool.counters.misses.pgp['rsa-2048']).toBe(1);
  });

  test('a paused pool makes no keys until resumed; pauses nest', async () => {
    pool.pause();
    pool.pause();
    const filling = pool.fill({ count: 2, kinds: ['ec-p256'] });
    await new Promise((r) => setTimeout(r, 300));
    expect((await pool.status()).sizes['ec-p256']).toBe(0);
    expect((await pool.status()).paused).toBe(true);
    pool.resume();
    await new Promise((r) => setTimeout(r, 100));
    expect((await pool.status()).sizes['ec-p256']).toBe(0);
    pool.resume();
    expect((await filling).added['ec-p256']).toBe(2);
    expect(pool.paused).toBe(false);
  });

  test('an aborted fill stops between keys, also while paused', async () => {
    const controller = new AbortController();
    pool.pause();
    const filling = pool.fill({ count: 5, kinds: ['ec-p256'], signal: controller.signal });
    controller.abort();
    const result = await filling;
    expect(result.ended).toBe('aborted');
    expect(result.added['ec-p256']).toBe(0);
  });

  test('a fill with a spent time budget ends at its deadline', async () => {
    const result = await pool.fill({ count: 3, kinds: ['ec-p256'], budget: { maxMs: 0 } });
    expect(result.ended).toBe('deadline');
  });

  test.each([
    [{ count: -1, kinds: ['ec-p256' as const] }],
    [{ count: 1.5, kinds: ['ec-p256' as const] }],
    [{ count: 2 }],
    [{ count: { 'ec-p256': -2 } }],
  ])('a bad fill request %j is refused', async (options) => {
    await expect(pool.fill(options)).rejects.toMatchObject({ code: 'KEY_POOL_BAD_FILL' });
  });
});

describe('kinds', () => {
  test('a tenant draws on its S/MIME algorithm and its default PGP key length', () => {
    const c = defaultTenantConfig('12345TE');
    expect(kindsForConfig(c)).toEqual(['rsa-3072', 'rsa-4096']);
    expect(
      kindsForConfig({
        ...c,
        smime: { ...c.smime, keyAlgorithm: 'ECDSA-P384' },
        pgp: { ...c.pgp, defaultKeyLength: 1024 },
      }),
    ).toEqual(['ec-p384']);
  });

  test('fills interleave kinds so every kind grows together', () => {
    expect(fillOrder({ 'rsa-4096': 3, 'ec-p256': 1, 'rsa-3072': 2 })).toEqual([
      'rsa-3072',
      'rsa-4096',
      'ec-p256',
      'rsa-3072',
      'rsa-4096',
      'rsa-4096',
    ]);
  });
});
