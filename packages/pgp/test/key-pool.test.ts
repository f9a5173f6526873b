import { Secret } from '@usesync/domain';
import { readKey } from 'openpgp';
import { describe, expect, test } from 'vitest';
import { PgpKeyPool } from '../src/index.js';

const now = new Date('2026-03-01T10:00:00.000Z');

describe('PgpKeyPool', () => {
  test('generates RSA and Curve25519 keys on worker threads started from the TypeScript sources', async () => {
    await using pool = new PgpKeyPool({ size: 2 });
    const [rsa, ecc] = await Promise.all([
      pool.generate({ address: 'a@example.com', name: 'Ann', keyType: 'RSA', keyLength: 2048, now }),
      pool.generate({ address: 'b@example.com', name: 'Bob', keyType: 'Curve25519', now }),
    ]);
    expect(pool.threads).toBe(2);
    expect(rsa.info).toMatchObject({ algorithm: 'RSA', bits: 2048, addresses: ['a@example.com'] });
    expect(ecc.info).toMatchObject({
      algorithm: 'EdDSA',
      curve: 'ed25519Legacy',
      addresses: ['b@example.com'],
    });
    const key = await readKey({ armoredKey: rsa.privateKeyArmored.reveal() });
    expect(key.getFingerprint().toUpperCase()).toBe(rsa.info.fingerprint);
  });

  test('rejects a DSA request with PGP_DSA_UNSUPPORTED before any worker starts', async () => {
    await using pool = new PgpKeyPool({ size: 1 });
    await expect(
      pool.generate({ address: 'a@example.com', name: 'Ann', keyType: 'DSA', now }),
    ).rejects.toMatchObject({
      code: 'PGP_DSA_UNSUPPORTED',
    });
    expect(pool.threads).toBe(0);
  });

  test('close finishes queued keys, then refuses new ones with PGP_POOL_CLOSED', async () => {
    const pool = new PgpKeyPool({ size: 1 });
    const queued = [1, 2, 3].map((i) =>
      pool.generate({
        address: `u${i}@example.com`,
        name: `User ${i}`,
        keyType: 'Curve25519',
        now,
        passphrase: new Secret('pw'),
      }),
    );
    await pool.close();
    const keys = await Promise.all(queued);
    expect(keys.map((k) => k.info.addresses[0])).toEqual([
      'u1@example.com',
      'u2@example.com',
      'u3@example.com',
    ]);
    expect(pool.threads).toBe(0);
    await expect(pool.generate({ address: 'x@example.com', name: 'X', now })).rejects.toMatchObject({
      code: 'PGP_POOL_CLOSED',
    });
  });
});
