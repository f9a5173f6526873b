// Scale-out acceptance: three replicas, one PostgreSQL, 20 tenants uploading files; one replica is
// killed with SIGKILL in the middle of a sync. The replicas are the stand-in loop of
// support/scale-worker.ts (the worker itself has no PostgreSQL setting yet): the executor's
// planSync/applyPlan on a store opened by URL, with the store's tenant leases and file claims.
import { KeyEncryptionKey, openStoreFromUrl } from '@usesync/store';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type PgCluster,
  pgAvailability,
  startPgCluster,
} from '../../../packages/store/test/support/pg-cluster.js';
import { addressOf, runScaleOut, type ScaleEvent, tenantIds } from './support/scale-harness.js';

const available = pgAvailability();
if (!available.ok) console.warn(available.reason);
let cluster: PgCluster;

describe.skipIf(!available.ok)('three worker replicas on one PostgreSQL', () => {
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  test('every file is processed once, no tenant runs two syncs at once, nothing is ordered twice, a killed replica’s work is finished by another', async () => {
    const TENANTS = 20;
    const FILES = 3;
    const ADDRESSES = 2;
    const TTL = 1500;
    const location = `${cluster.url}?schema=scale_${process.pid}`;
    const r = await runScaleOut({
      location,
      workers: 3,
      tenants: TENANTS,
      filesPerTenant: FILES,
      addressesPerFile: ADDRESSES,
      ttlMs: TTL,
      orderMs: 150,
      killFirstAfterMs: 100,
    });

    // Every replica but the killed one exited normally; no file is left on the share.
    expect(r.killedPid).toBeDefined();
    expect(r.exitCodes.slice(1)).toEqual([0, 0]);
    expect(r.leftOver).toBe(0);

    // Exactly one completed processing per file.
    const ends = r.events.filter((e) => e.kind === 'end');
    expect(ends).toHaveLength(TENANTS * FILES);
    expect(new Set(ends.map((e) => `${e.tenant}/${e.file}`)).size).toBe(TENANTS * FILES);
    expect(ends.every((e) => e.result === 'applied')).toBe(true);

    // The killed replica left a sync unfinished; another replica finished that file later,
    // resuming the run (second claim attempt), and only after the dead replica's lease expired.
    const killed = r.events.filter((e) => e.pid === r.killedPid);
    const unfinished = killed.filter(
      (s) => s.kind === 'start' && !killed.some((e) => e.kind === 'end' && e.file === s.file),
    );
    expect(unfinished).toHaveLength(1);
    const orphan = unfinished[0] as ScaleEvent;
    const takeover = r.events.find(
      (e) => e.kind === 'start' && e.file === orphan.file && e.pid !== r.killedPid,
    );
    expect(takeover?.attempts).toBe(2);
    expect(ends.find((e) => e.file === orphan.file)?.pid).not.toBe(r.killedPid);
    // The dead replica's lease was last taken or renewed at most ttl/3 before its last sync
    // started, so nobody may touch that tenant before that start + 2/3 ttl.
    const sameTenantAfter = r.events.filter(
      (e) => e.kind === 'start' && e.tenant === orphan.tenant && e.pid !== r.killedPid && e.t > orphan.t,
    );
    expect(Math.min(...sameTenantAfter.map((e) => e.t))).toBeGreaterThanOrEqual(
      orphan.t + (TTL * 2) / 3 - 20,
    );

    // No tenant ever had two syncs at once.
    for (const tenant of tenantIds(TENANTS)) {
      const spans = r.events
        .filter((e) => e.tenant === tenant && e.kind === 'start')
        .map((s) => {
          const end = r.events.find((e) => e.kind === 'end' && e.file === s.file && e.pid === s.pid);
          // A sync of the killed replica ends with it.
          return [s.t, end?.t ?? r.killedAt ?? Number.POSITIVE_INFINITY] as const;
        })
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) {
        expect((spans[i] as readonly [number, number])[0]).toBeGreaterThanOrEqual(
          (spans[i - 1] as readonly [number, number])[1],
        );
      }
    }

    // The ledger: one creation per requested address, none twice; the store agrees.
    const store = await openStoreFromUrl(location, { kek: KeyEncryptionKey.fromBase64(r.kek) });
    try {
      for (const tenant of tenantIds(TENANTS)) {
        const ledger = await store.listLedger(tenant);
        const expected = Array.from({ length: FILES }, (_, f) =>
          Array.from({ length: ADDRESSES }, (_, a) => addressOf(tenant, f, a)),
        ).flat();
        expect(ledger.map((e) => e.address).sort()).toEqual([...expected].sort());
        const certs = await store.listCertificates(tenant);
        expect(certs.map((c) => c.address).sort()).toEqual([...expected].sort());
        for (const f of r.files.filter((x) => x.tenant === tenant)) {
          expect((await store.wasProcessed(tenant, f.name))?.outcome).toBe('applied');
        }
      }
    } finally {
      await store.close();
    }
    // The CA saw no more orders than the ledger holds (a resumed order was found, not re-placed).
    expect(r.issueRequests).toBeLessThanOrEqual(TENANTS * FILES * ADDRESSES);
  }, 240_000);
});
