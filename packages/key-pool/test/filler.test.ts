import { KeyEncryptionKey, type KeyPoolingStore, openSqliteStore } from '@usesync/store';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { KeyPool, KeyPoolFiller } from '../src/index.js';

let store: KeyPoolingStore;
let pool: KeyPool;

beforeEach(() => {
  store = openSqliteStore({ file: ':memory:', kek: KeyEncryptionKey.generate() });
  pool = new KeyPool({ store: store.keyPool });
});
afterEach(async () => {
  await store.close();
});

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

describe('KeyPoolFiller', () => {
  test('rounds top the pool up to its target in batches, then find nothing to do', async () => {
    const filler = new KeyPoolFiller({ pool, target: { 'ec-p256': 3, 'ec-p384': 1 }, batch: 2 });
    expect(await filler.deficit()).toEqual({ 'ec-p256': 3, 'ec-p384': 1 });
    expect((await filler.round())?.added).toMatchObject({ 'ec-p256': 2, 'ec-p384': 1 });
    expect((await filler.round())?.added).toMatchObject({ 'ec-p256': 1, 'ec-p384': 0 });
    expect(await filler.round()).toBeUndefined();
    expect(await filler.deficit()).toEqual({});
  });

  test('the loop fills in the background, holds while a sync runs and stops on request', async () => {
    const rounds: number[] = [];
    const filler = new KeyPoolFiller({
      pool,
      target: { 'ec-p256': 4 },
      batch: 2,
      intervalMs: 10,
      onRound: (r) => rounds.push(r.added['ec-p256']),
    });
    const release = filler.whileSyncing();
    filler.start();
    await new Promise((r) => setTimeout(r, 200));
    expect((await pool.status()).sizes['ec-p256']).toBe(0);
    release();
    release(); // a second release of the same sync changes nothing
    await until(async () => (await pool.status()).sizes['ec-p256'] === 4);
    await filler.stop();
    expect(rounds.reduce((a, b) => a + b, 0)).toBe(4);
    expect(pool.paused).toBe(false);
  });

  test('a failing round is reported and the loop goes on', async () => {
    const errors: unknown[] = [];
    const failing = {
      ...pool,
      pause: () => pool.pause(),
      resume: () => pool.resume(),
      fill: () => Promise.reject(new Error('store down')),
      status: () => pool.status(),
    };
    const filler = new KeyPoolFiller({
      pool: failing,
      target: { 'ec-p256': 1 },
      intervalMs: 5,
      onError: (e) => errors.push(e),
    });
    filler.start();
    await until(async () => errors.length >= 2);
    await filler.stop();
    expect(String(errors[0])).toContain('store down');
  });
});
