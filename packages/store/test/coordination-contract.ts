/**
 * The coordination contract: two handles on one database play two worker replicas. Every engine's
 * `coordination` must pass it. Expiry is real time (PostgreSQL uses the server's clock), so the
 * times to live are short.
 */
import type { CoordinatedStore } from '@usesync/domain';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';

/** Two replicas on one fresh database. */
export interface ReplicaPair {
  readonly a: CoordinatedStore;
  readonly b: CoordinatedStore;
  readonly dispose?: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (n: number) => n.toString(16).padStart(64, '0');

/** Registers the coordination suite for one engine. */
export function coordinationContract(name: string, factory: () => Promise<ReplicaPair>): void {
  describe(`coordination contract: ${name}`, () => {
    let p: ReplicaPair;
    beforeEach(async () => {
      p = await factory();
    });
    afterEach(async () => {
      await p.a.close();
      await p.b.close();
      await p.dispose?.();
    });

    test('a tenant lease is held by one replica until released; stale tokens do nothing', async () => {
      const la = p.a.coordination.tenantLock;
      const lb = p.b.coordination.tenantLock;
      const lease = await la.acquire('T1', 'worker-a', 10_000);
      expect(lease).toMatchObject({ tenant: 'T1', holder: 'worker-a' });
      if (!lease) throw new Error('no lease');
      expect(await lb.acquire('T1', 'worker-b', 10_000)).toBeUndefined();
      expect(await la.acquire('T1', 'worker-a', 10_000)).toBeUndefined(); // not re-entrant
      expect(await lb.acquire('T2', 'worker-b', 10_000)).toBeDefined(); // other tenants are free
      const renewed = await la.renew(lease, 20_000);
      expect(renewed?.token).toBe(lease.token);
      expect(Date.parse(renewed?.expiresAt ?? '')).toBeGreaterThan(Date.parse(lease.expiresAt));
      expect(await la.release(lease)).toBe(true);
      expect(await la.release(lease)).toBe(false);
      const taken = await lb.acquire('T1', 'worker-b', 10_000);
      expect(taken?.holder).toBe('worker-b');
      expect(await la.renew(lease, 10_000)).toBeUndefined();
      expect(await la.release(lease)).toBe(false);
    });

    test("a lease that is not renewed expires and another replica takes it; the old holder's renewal fails", async () => {
      const old = await p.a.coordination.tenantLock.acquire('T1', 'worker-a', 150);
      if (!old) throw new Error('no lease');
      expect(await p.b.coordination.tenantLock.acquire('T1', 'worker-b', 150)).toBeUndefined();
      await sleep(250);
      const taken = await p.b.coordination.tenantLock.acquire('T1', 'worker-b', 10_000);
      expect(taken?.holder).toBe('worker-b');
      expect(await p.a.coordination.tenantLock.renew(old, 10_000)).toBeUndefined();
      expect(await p.a.coordination.tenantLock.release(old)).toBe(false);
    });

    test('replicas racing for the same files get each file exactly once', async () => {
      const files = Array.from({ length: 20 }, (_, i) => [`T1_use_import_${i}.useimport`, sha(i)] as const);
      const attempts = files.flatMap(([f, h]) => [
        p.a.coordination.fileClaims.claim('T1', f, h, 'worker-a', 10_000),
        p.b.coordination.fileClaims.claim('T1', f, h, 'worker-b', 10_000),
        p.a.coordination.fileClaims.claim('T1', f, h, 'worker-a2', 10_000),
      ]);
      const granted = (await Promise.all(attempts)).filter((c) => c !== undefined);
      expect(granted).toHaveLength(20);
      expect(new Set(granted.map((c) => c.fileName)).size).toBe(20);
    });

    test('a completed file is never claimed again; the same name with other content is another file', async () => {
      const fc = p.a.coordination.fileClaims;
      const claim = await fc.claim('T1', 'f.useimport', 'AA'.repeat(32), 'worker-a', 100);
      if (!claim) throw new Error('no claim');
      expect(claim).toMatchObject({ sha256: 'aa'.repeat(32), attempts: 1 });
      expect(await fc.complete(claim, 'applied')).toBe(true);
      expect(await fc.complete(claim, 'again')).toBe(false);
      await sleep(150);
      expect(
        await p.b.coordination.fileClaims.claim('T1', 'f.useimport', 'aa'.repeat(32), 'worker-b', 100),
      ).toBe(undefined);
      expect(await p.b.coordination.fileClaims.claimAbandoned('worker-b', 100)).toBeUndefined();
      expect(await fc.inspect('T1', 'f.useimport', 'aa'.repeat(32))).toMatchObject({
        status: 'completed',
        holder: 'worker-a',
        outcome: 'applied',
      });
      expect(await fc.inspect('T1', 'f.useimport', 'bb'.repeat(32))).toBeUndefined();
      expect(await fc.claim('T1', 'f.useimport', 'bb'.repeat(32), 'worker-a', 100)).toBeDefined();
      expect(await fc.inspect('T2', 'f.useimport', 'aa'.repeat(32))).toBeUndefined();
    });

    test('an expired claim is taken over once; the old holder can neither renew nor complete it', async () => {
      const old = await p.a.coordination.fileClaims.claim('T1', 'f.useimport', sha(1), 'worker-a', 150);
      if (!old) throw new Error('no claim');
      expect(
        await p.b.coordination.fileClaims.claim('T1', 'f.useimport', sha(1), 'worker-b', 150),
      ).toBeUndefined();
      expect((await p.b.coordination.fileClaims.inspect('T1', 'f.useimport', sha(1)))?.status).toBe(
        'claimed',
      );
      await sleep(250);
      expect((await p.b.coordination.fileClaims.inspect('T1', 'f.useimport', sha(1)))?.status).toBe(
        'expired',
      );
      const [x, y] = await Promise.all([
        p.b.coordination.fileClaims.claim('T1', 'f.useimport', sha(1), 'worker-b', 10_000),
        p.a.coordination.fileClaims.claim('T1', 'f.useimport', sha(1), 'worker-c', 10_000),
      ]);
      const winner = x ?? y;
      expect([x, y].filter(Boolean)).toHaveLength(1);
      expect(winner?.attempts).toBe(2);
      expect(await p.a.coordination.fileClaims.renew(old, 10_000)).toBeUndefined();
      expect(await p.a.coordination.fileClaims.complete(old, 'applied')).toBe(false);
      if (!winner) throw new Error('no winner');
      expect(await p.b.coordination.fileClaims.renew(winner, 10_000)).toMatchObject({ token: winner.token });
      expect(await p.b.coordination.fileClaims.complete(winner, 'applied')).toBe(true);
    });

    test('abandoned claims are swept up by racing replicas, each by one', async () => {
      for (let i = 0; i < 4; i++) {
        await p.a.coordination.fileClaims.claim(i < 3 ? 'T1' : 'T2', `f${i}.useimport`, sha(i), 'dead', 100);
      }
      await sleep(200);
      expect((await p.b.coordination.fileClaims.claimAbandoned('worker-b', 10_000, 'T2'))?.fileName).toBe(
        'f3.useimport',
      );
      const swept = await Promise.all(
        [p.a, p.b, p.a, p.b].map((s, i) => s.coordination.fileClaims.claimAbandoned(`sweeper-${i}`, 10_000)),
      );
      const got = swept.filter((c) => c !== undefined);
      expect(got.map((c) => c.fileName).sort()).toEqual(['f0.useimport', 'f1.useimport', 'f2.useimport']);
      expect(got.every((c) => c.attempts === 2)).toBe(true);
    });

    test('a schedule tick is claimed by exactly one replica', async () => {
      const tick = '2026-06-01T02:00:00.000Z';
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? p.a : p.b).coordination.ticks.claimTick('T1', 'watchdog', tick, `worker-${i}`),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await p.a.coordination.ticks.claimTick('T2', 'watchdog', tick, 'w')).toBe(true);
      expect(await p.a.coordination.ticks.claimTick('T1', 'other-job', tick, 'w')).toBe(true);
      expect(await p.a.coordination.ticks.claimTick('T1', 'watchdog', '2026-06-02T02:00:00.000Z', 'w')).toBe(
        true,
      );
      expect(await p.b.coordination.ticks.pruneTicks('2026-06-02T00:00:00.000Z')).toBe(3);
      expect(await p.b.coordination.ticks.claimTick('T1', 'watchdog', '2026-06-02T02:00:00.000Z', 'w')).toBe(
        false,
      );
    });

    test('bad tenants and times to live are refused', async () => {
      await expect(p.a.coordination.tenantLock.acquire('../T1', 'w', 1000)).rejects.toMatchObject({
        code: 'STORE_INVALID_TENANT',
      });
      await expect(p.a.coordination.tenantLock.acquire('T1', 'w', 0)).rejects.toMatchObject({
        code: 'COORD_INVALID_TTL',
      });
      await expect(p.a.coordination.fileClaims.claim('T1', 'f', sha(0), 'w', 1.5)).rejects.toMatchObject({
        code: 'COORD_INVALID_TTL',
      });
    });
  });
}
