import type { Store } from '@usesync/domain';
import { expect, test } from 'vitest';
import { keyPoolOf, type PooledKeyUse } from '../src/index.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const use = (actionId: string, tenant = 'T1'): PooledKeyUse => ({
  tenant,
  address: 'a@x.com',
  actionId,
  purpose: 'smime',
});

/** The key pool part of the contract (registered inside `storeContract`). */
export function keyPoolContract(s: () => Store): void {
  test('pooled keys come out first in, first out, once each, with their use recorded', async () => {
    const pool = keyPoolOf(s());
    expect(await pool.add('rsa-3072', [bytes('k1'), bytes('k2'), bytes('k3')])).toBe(3);
    await pool.add('ec-p256', [bytes('e1')]);
    expect(await pool.sizes()).toEqual({
      'rsa-2048': 0,
      'rsa-3072': 3,
      'rsa-4096': 0,
      'ec-p256': 1,
      'ec-p384': 0,
    });
    const first = await pool.take('rsa-3072', 2, { ...use('pgp-create:a@x.com'), purpose: 'pgp' });
    expect(first?.map((k) => Buffer.from(k.pkcs8).toString())).toEqual(['k1', 'k2']);
    const second = await pool.take('rsa-3072', 1, use('smime-create:a@x.com'));
    expect(second?.map((k) => Buffer.from(k.pkcs8).toString())).toEqual(['k3']);
    expect(await pool.take('rsa-3072', 1, use('smime-create:b@x.com'))).toBeUndefined();
    expect((await pool.sizes())['rsa-3072']).toBe(0);
    const uses = await pool.uses('T1');
    expect(uses.map((u) => [u.id, u.kind, u.actionId, u.purpose])).toEqual(
      expect.arrayContaining([
        [first?.[0]?.id, 'rsa-3072', 'pgp-create:a@x.com', 'pgp'],
        [first?.[1]?.id, 'rsa-3072', 'pgp-create:a@x.com', 'pgp'],
        [second?.[0]?.id, 'rsa-3072', 'smime-create:a@x.com', 'smime'],
      ]),
    );
    expect(uses).toHaveLength(3);
    expect(await pool.uses('T2')).toEqual([]);
  });

  test('a take of more keys than the pool holds takes none', async () => {
    const pool = keyPoolOf(s());
    await pool.add('rsa-4096', [bytes('only')]);
    expect(await pool.take('rsa-4096', 2, use('pgp-create:a@x.com'))).toBeUndefined();
    expect((await pool.sizes())['rsa-4096']).toBe(1);
    expect(await pool.uses('T1')).toEqual([]);
  });

  test('a take can archive its key for the tenant in the same transaction', async () => {
    const store = s();
    const pool = keyPoolOf(store);
    await pool.add('ec-p384', [bytes('pkcs8-a')]);
    const archive = { reference: 'pending:k', format: 'pkcs8-der', createdAt: '2026-06-01T00:00:00.000Z' };
    const [taken] = (await pool.take('ec-p384', 1, use('smime-create:a@x.com'), { archive })) ?? [];
    expect(Buffer.from(taken?.pkcs8 ?? []).toString()).toBe('pkcs8-a');
    expect(await store.getArchivedKey('T1', 'smime', 'pending:k')).toEqual(bytes('pkcs8-a'));
    // An archive conflict rolls the whole take back: the next key stays in the pool, no use row.
    await pool.add('ec-p384', [bytes('pkcs8-b')]);
    await expect(pool.take('ec-p384', 1, use('smime-create:b@x.com'), { archive })).rejects.toMatchObject({
      code: 'ARCHIVE_CONFLICT',
    });
    expect((await pool.sizes())['ec-p384']).toBe(1);
    expect(await pool.uses('T1')).toHaveLength(1);
  });

  test('concurrent takes never hand out one key twice', async () => {
    const pool = keyPoolOf(s());
    await pool.add(
      'rsa-2048',
      Array.from({ length: 10 }, (_, i) => bytes(`key-${i}`)),
    );
    const taken = await Promise.all(
      Array.from({ length: 16 }, (_, i) => pool.take('rsa-2048', 1, use(`smime-create:u${i}@x.com`))),
    );
    const got = taken.flatMap((t) => t ?? []).map((k) => Buffer.from(k.pkcs8).toString());
    expect(got).toHaveLength(10);
    expect(new Set(got).size).toBe(10);
    expect(await pool.uses('T1')).toHaveLength(10);
  });

  test('bad kinds and counts are refused', async () => {
    const pool = keyPoolOf(s());
    await expect(pool.take('rsa-1024' as 'rsa-2048', 1, use('x'))).rejects.toMatchObject({
      code: 'STORE_INVALID_ARGUMENT',
    });
    await expect(pool.take('rsa-2048', 0, use('x'))).rejects.toMatchObject({
      code: 'STORE_INVALID_ARGUMENT',
    });
    await expect(
      pool.take('rsa-2048', 2, use('x'), { archive: { reference: 'r', format: 'f', createdAt: 'c' } }),
    ).rejects.toMatchObject({ code: 'STORE_INVALID_ARGUMENT' });
    await expect(pool.take('rsa-2048', 1, use('x', '../T1'))).rejects.toMatchObject({
      code: 'STORE_INVALID_TENANT',
    });
  });
}
