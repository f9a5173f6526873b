import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { KeyEncryptionKey, keepLeases, openSqliteStore, STORE_FILE } from '../src/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function twoReplicas(bClockAheadMs = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'usesync-keeper-'));
  dirs.push(dir);
  const kek = KeyEncryptionKey.generate();
  const file = join(dir, STORE_FILE);
  const a = openSqliteStore({ file, kek });
  const b = openSqliteStore({ file, kek, leaseClock: () => Date.now() + bClockAheadMs });
  return { a, b, close: () => Promise.all([a.close(), b.close()]) };
}

test('a kept lease outlives its time to live until released, then frees the tenant', async () => {
  const { a, b, close } = twoReplicas();
  const kept = await keepLeases(a.coordination.tenantLock, { holder: 'a', ttlMs: 150 }).tryAcquire('T1');
  if (!kept) throw new Error('no lease');
  await sleep(400);
  expect(await b.coordination.tenantLock.acquire('T1', 'b', 1000)).toBeUndefined();
  expect(kept.signal.aborted).toBe(false);
  expect(Date.parse(kept.lease.expiresAt)).toBeGreaterThan(Date.now());
  await kept.release();
  await kept.release();
  expect((await b.coordination.tenantLock.acquire('T1', 'b', 1000))?.holder).toBe('b');
  await close();
});

test('a busy tenant gives no lease; a lease taken over aborts the signal', async () => {
  // b's clock runs a minute ahead: it sees a's lease as expired and takes it.
  const { a, b, close } = twoReplicas(60_000);
  const keeper = keepLeases(a.coordination.tenantLock, { holder: 'a', ttlMs: 150 });
  const kept = await keeper.tryAcquire('T1');
  if (!kept) throw new Error('no lease');
  expect(await keeper.tryAcquire('T1')).toBeUndefined();
  expect(await b.coordination.tenantLock.acquire('T1', 'b', 120_000)).toBeDefined();
  await sleep(150);
  expect(kept.signal.aborted).toBe(true);
  await kept.release();
  await close();
});
