// Scale-out acceptance: three real `usesync-worker` processes, one PostgreSQL, one SwissSign
// simulator, 20 tenants uploading files into local-folder shares; one replica is killed with
// SIGKILL in the middle of a sync and another one finishes its work after the lease expired.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyEncryptionKey, openStoreFromUrl } from '@usesync/store';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  findPgBin,
  type PgCluster,
  pgAvailability,
  startPgCluster,
} from '../../../packages/store/test/support/pg-cluster.js';
import { SIMULATOR_STATE_FILE, Worker } from '../src/index.js';
import { makeDataDir, memoryLogger, TENANT, workerConfig } from './helpers.js';
import { addressOf, runReplicas, type SyncSpan, tenantIds, workerDistMissing } from './support/replicas.js';

const available = pgAvailability();
if (!available.ok) console.warn(available.reason);
if (workerDistMissing) console.warn(workerDistMissing);
let cluster: PgCluster;

describe.skipIf(!available.ok)('worker replicas on one PostgreSQL', () => {
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  test('a WatchDog schedule tick runs on one replica only; the next tick runs again', async () => {
    const { dataDir, cleanup } = await makeDataDir();
    const store = `${cluster.url}?schema=ticks_${process.pid}`;
    const start = (id: string) =>
      Worker.start({
        config: workerConfig(dataDir, { store, coordination: { replicaId: id } }),
        env: { USESYNC_SWISSSIGN_URL: '' },
        logger: memoryLogger().logger,
        autoPoll: false,
      });
    const a = await start('replica-a');
    const b = await start('replica-b');
    try {
      const tick = '2026-06-01T06:00:00.000Z';
      const first = await Promise.all([a.runWatchdog(TENANT, tick), b.runWatchdog(TENANT, tick)]);
      expect(first.sort()).toEqual(['other-replica', 'ran']);
      expect(await b.runWatchdog(TENANT, '2026-06-02T06:00:00.000Z')).toBe('ran');
      // A manual cycle (no tick) always runs.
      expect(await a.runWatchdog(TENANT)).toBe('ran');
    } finally {
      await a.stop(0);
      await b.stop(0);
      cleanup();
    }
  });

  test.skipIf(findPgBin() === undefined)(
    'a lost tenant lease stops the running sync between actions and leaves its file for the next holder',
    async () => {
      const { dataDir, cleanup } = await makeDataDir();
      const schema = `lost_${process.pid}`;
      const { logger, lines } = memoryLogger();
      const worker = await Worker.start({
        config: workerConfig(dataDir, {
          store: `${cluster.url}?schema=${schema}`,
          coordination: { leaseTtlSeconds: 0.9 },
          simulator: { orderPolls: 1000, orderMs: 1200 },
        }),
        env: { USESYNC_SWISSSIGN_URL: '' },
        logger,
        autoPoll: false,
      });
      try {
        const use = join(dataDir, 'share', 'use');
        mkdirSync(use, { recursive: true });
        const name = `${TENANT}_lost.useimport`;
        const addresses = ['l1', 'l2', 'l3'].map((a) => `${a}@company.com`);
        writeFileSync(
          join(use, name),
          `${addresses.map((a) => `smime-state:${a};name:Team ${a};keystate:1;teamcert:1`).join('\n')}\n#####\n`,
        );
        await worker.pollOnce(); // first sight
        const polling = worker.pollOnce();
        while (!lines.some((l) => l.includes('"msg":"planned"'))) await new Promise((r) => setTimeout(r, 20));
        // Another replica's takeover, as the database sees it: the lease now has another token.
        execFileSync(join(findPgBin() ?? '', 'psql'), [
          cluster.url,
          '-c',
          `UPDATE ${schema}.tenant_leases SET token = 'taken-over', holder = 'someone-else'`,
        ]);
        await polling;
        expect(lines.join('\n')).toContain('"msg":"sync interrupted');
        expect(lines.join('\n')).not.toContain('"msg":"sync finished"');
        expect(existsSync(join(use, name))).toBe(true);
        const store = await openStoreFromUrl(`${cluster.url}?schema=${schema}`, { dataDir });
        try {
          expect(await store.wasProcessed(TENANT, name)).toBeUndefined();
          // The executor ends the stopped run (actions skipped); the next holder plans again.
          const [stopped] = await store.listRuns(TENANT, 1);
          expect(stopped?.status).not.toBe('succeeded');
          // Once the stolen lease and this replica's unrenewed claim expired, the file is taken
          // again (second claim) and finished; orders placed before are found, not placed again.
          await new Promise((r) => setTimeout(r, 1000));
          await worker.pollOnce();
          expect(lines.some((l) => l.includes('"msg":"sync started"') && l.includes('"attempts":2'))).toBe(
            true,
          );
          expect((await store.wasProcessed(TENANT, name))?.outcome).toBe('applied');
          expect((await store.listLedger(TENANT)).map((e) => e.address).sort()).toEqual(addresses);
          const sim = JSON.parse(readFileSync(join(dataDir, SIMULATOR_STATE_FILE), 'utf8')) as {
            orders: unknown[];
          };
          expect(sim.orders).toHaveLength(addresses.length);
        } finally {
          await store.close();
        }
      } finally {
        await worker.stop(0);
        cleanup();
      }
    },
  );

  test.skipIf(workerDistMissing !== undefined)(
    'three replicas: every file is processed once, no tenant runs two syncs at once, nothing is ordered twice, a killed replica’s work is finished by another',
    async () => {
      const TENANTS = 20;
      const FILES = 2;
      const ADDRESSES = 2;
      const TTL_S = 2;
      const location = `${cluster.url}?schema=replicas_${process.pid}`;
      const r = await runReplicas({
        store: location,
        replicas: 3,
        tenants: TENANTS,
        filesPerTenant: FILES,
        addressesPerFile: ADDRESSES,
        leaseTtlSeconds: TTL_S,
        orderMs: 200,
        killFirstAfterMs: 100,
      });
      const perReplica = [1, 2, 3].map(
        (i) => r.spans.filter((s) => s.replica === i && s.result === 'applied').length,
      );
      const orphanSpans = r.spans.filter((s) => s.replica === 1 && s.end === undefined);
      console.info(
        `replicas: files finished per replica ${perReplica.join('/')}; killed mid-sync: ${orphanSpans.map((s) => `${s.tenant}/${s.files.join(',')}`).join(' ')}; taken over with attempts ${r.spans
          .filter((s) => s.attempts > 1)
          .map((s) => `${s.attempts} by worker-${s.replica} after ${s.start - (r.killedAt ?? 0)} ms`)
          .join(', ')}; ${r.elapsedMs} ms`,
      );
      const why = () => r.logs.map((l, i) => `--- worker-${i + 1}\n${l.slice(-15).join('\n')}`).join('\n');

      // The killed replica ends by the signal; the others stop cleanly on SIGTERM. No file is left.
      expect(r.exitCodes, why()).toEqual([null, 0, 0]);
      expect(r.leftOver).toBe(0);

      // Exactly one finished sync per file, all applied.
      const finished = r.spans.filter((s) => s.result === 'applied');
      const finishedFiles = finished.flatMap((s) => s.files.map((f) => `${s.tenant}/${f}`));
      expect(finishedFiles.sort()).toEqual(r.files.map((f) => `${f.tenant}/${f.name}`).sort());
      expect(
        r.spans.filter((s) => s.end !== undefined && s.result !== 'applied'),
        why(),
      ).toEqual([]);

      // The killed replica left a sync unfinished; another replica took the file over (second
      // claim), only after the dead replica's lease expired, and finished it.
      const orphans = r.spans.filter((s) => s.replica === 1 && s.end === undefined);
      expect(orphans.length, why()).toBeGreaterThanOrEqual(1);
      for (const orphan of orphans) {
        const takeover = finished.find((s) => s.tenant === orphan.tenant && s.files[0] === orphan.files[0]);
        expect(takeover?.replica).not.toBe(1);
        expect(takeover?.attempts).toBe(orphan.attempts + 1);
        // The lease was last renewed at most ttl/3 before the kill: nobody takes the tenant
        // before the kill + 2/3 ttl.
        const next = r.spans.filter((s) => s.tenant === orphan.tenant && s.start > orphan.start);
        expect(Math.min(...next.map((s) => s.start))).toBeGreaterThanOrEqual(
          (r.killedAt ?? 0) + (TTL_S * 1000 * 2) / 3 - 50,
        );
      }

      // No tenant ever had two syncs at once (a dead replica's sync ends with the kill).
      for (const tenant of tenantIds(TENANTS)) {
        const spans = r.spans
          .filter((s) => s.tenant === tenant)
          .map((s: SyncSpan) => [s.start, s.end ?? r.killedAt ?? Number.POSITIVE_INFINITY] as const)
          .sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < spans.length; i++) {
          const [start] = spans[i] as readonly [number, number];
          const [, endBefore] = spans[i - 1] as readonly [number, number];
          expect(start, `${tenant}: two syncs at once`).toBeGreaterThanOrEqual(endBefore);
        }
      }

      // The ledger: one creation per requested address, none twice; one journal run per file (a
      // taken-over sync resumed its run); the claims are completed.
      const store = await openStoreFromUrl(location, { kek: KeyEncryptionKey.fromBase64(r.kek) });
      try {
        for (const tenant of tenantIds(TENANTS)) {
          const expected = Array.from({ length: FILES }, (_, f) =>
            Array.from({ length: ADDRESSES }, (_, a) => addressOf(tenant, f, a)),
          ).flat();
          const ledger = await store.listLedger(tenant);
          expect(ledger.map((e) => e.address).sort()).toEqual([...expected].sort());
          const certs = await store.listCertificates(tenant);
          expect(certs.map((c) => c.address).sort()).toEqual([...expected].sort());
          const runs = await store.listRuns(tenant, 10);
          expect(runs.map((run) => run.status)).toEqual(Array(FILES).fill('succeeded'));
          for (const f of r.files.filter((x) => x.tenant === tenant)) {
            const processed = await store.wasProcessed(tenant, f.name);
            expect(processed?.outcome).toBe('applied');
            const claim = await store.coordination.fileClaims.inspect(
              tenant,
              f.name,
              processed?.sha256 ?? '',
            );
            expect(claim?.status).toBe('completed');
          }
        }
      } finally {
        await store.close();
      }
      // Every file's S/MIME report and certificate zip hold every certificate ordered for it —
      // also a taken-over file, whose first orders the killed replica placed (from the journal).
      for (const f of r.files) {
        const fileIndex = Number(f.name.slice(-'0000.useimport'.length, -'.useimport'.length));
        const stem = f.name.replace(/\.useimport$/, '');
        const report = r.returned.find((x) => x.tenant === f.tenant && x.name === `${stem}.smime-report.txt`);
        const zip = r.returned.find((x) => x.tenant === f.tenant && x.name === `${stem}.certificates.zip`);
        for (let a = 0; a < ADDRESSES; a++) {
          const address = addressOf(f.tenant, fileIndex, a);
          expect(report?.content, `${f.name}: S/MIME report`).toContain(address);
          expect(zip?.content, `${f.name}: certificate zip`).toContain(`${address}_`);
        }
      }

      // The CA saw no more orders than the ledger holds (a resumed order was found, not re-placed).
      expect(r.issueRequests).toBeLessThanOrEqual(TENANTS * FILES * ADDRESSES);
    },
    120_000,
  );
});
