import { defaultTenantConfig } from '@usesync/config';
import { KeyPool, KeyPoolFiller, kindsForConfig } from '@usesync/key-pool';
import { KeyEncryptionKey, openSqliteStore } from '@usesync/store';
import { expect, test } from 'vitest';
// The worker's glue with the real filler it is written for.
import { keyPoolTarget, wantsKeys, withFillerPaused } from '../src/key-pool-filler.js';

test('the worker target covers every kind its tenants draw from; size 0 turns filling off', () => {
  const a = defaultTenantConfig('T1');
  const b = {
    ...a,
    tenant: { ...a.tenant, id: 'T2' },
    smime: { ...a.smime, keyAlgorithm: 'ECDSA-P256' as const },
  };
  expect(keyPoolTarget([a, b], 50, kindsForConfig)).toEqual({
    'rsa-3072': 50,
    'rsa-4096': 50,
    'ec-p256': 50,
  });
  expect(wantsKeys(keyPoolTarget([a], 0, kindsForConfig))).toBe(false);
});

test('a sync run through the glue pauses the filler and releases it after, even when it throws', async () => {
  const store = openSqliteStore({ file: ':memory:', kek: KeyEncryptionKey.generate() });
  const pool = new KeyPool({ store: store.keyPool });
  const filler = new KeyPoolFiller({ pool, target: { 'ec-p256': 1 } });
  await expect(
    withFillerPaused(filler, async () => {
      expect(pool.paused).toBe(true);
      throw new Error('sync failed');
    }),
  ).rejects.toThrow('sync failed');
  expect(pool.paused).toBe(false);
  expect(await withFillerPaused(undefined, async () => 7)).toBe(7);
  await store.close();
});
