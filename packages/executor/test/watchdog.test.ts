import type { CertificateRecord, SyncOutcome } from '@usesync/domain';
import { parseSemiAutoCsv, renderWatchdogReport } from '@usesync/report';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { applyPlan, batchImport, planSync, runKeyOf, runWatchdog, semiAutomaticCsv } from '../src/index.js';
import { type Harness, harness, inputsOf, NOW, testConfig } from './fixtures.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const FILE = [
  'smime-state:support@company.com;name:Support;keystate:1;teamcert:1',
  'smime-state:john.doe@company.com;name:John Doe;keystate:1;teamcert:0',
  '#####',
  '',
].join('\n');

async function firstSync() {
  const config = testConfig(h.sim);
  const inputs = inputsOf(FILE);
  const plan = await planSync(h.store, config, inputs, { now: NOW });
  return applyPlan(h.deps, config, plan, { now: NOW, runKey: runKeyOf(inputs) });
}

const DAY = 86_400_000;

describe('the WatchDog', () => {
  test('renews certificates expiring inside the buffer in chained mode, without revoking the old one', async () => {
    await firstSync();
    const certs = await h.store.listCertificates('12345TE');
    const notAfter = Date.parse(certs[0]!.notAfter);
    const config = testConfig(h.sim);
    const early = await runWatchdog(h.deps, config, { now: new Date(notAfter - 10 * DAY) });
    expect(('results' in early.source ? early.source.plan : early.source).actions).toEqual([]);
    const now = new Date(notAfter - 24 * 3_600_000);
    h.setTime(now);
    const dry = await runWatchdog(h.deps, config, { now, dryRun: true });
    expect('results' in dry.source).toBe(false);
    expect(renderWatchdogReport({ ...dry, now: now.toISOString() }).text).toContain('Dry run');
    expect(h.sim.orders()).toHaveLength(2);
    const run = await runWatchdog(h.deps, config, { now });
    const outcome = run.source as SyncOutcome;
    expect(outcome.results.map((r) => r.status)).toEqual(['done', 'done']);
    expect(outcome.certificates.map((e) => e.event)).toEqual(['renewed', 'renewed']);
    const after = await h.store.listCertificates('12345TE');
    expect(after.filter((c: CertificateRecord) => c.status === 'active')).toHaveLength(4);
    expect((await h.store.listLedger('12345TE')).map((l) => l.kind).sort()).toEqual([
      'create',
      'create',
      'renew',
      'renew',
    ]);
    expect(h.sim.orders()).toHaveLength(4);
    expect(renderWatchdogReport({ ...run, now: now.toISOString() }).text).toContain('Renewed');
    // A second cycle at the same time finds the new certificates and orders nothing.
    const again = await runWatchdog(h.deps, config, { now });
    expect(('results' in again.source ? again.source.plan : again.source).actions).toEqual([]);
  });

  test('unchained mode issues a first certificate for listed addresses without one; chained does not', async () => {
    const user = {
      address: 'new@company.com',
      name: 'New Person',
      givenName: 'New',
      surname: 'Person',
      team: false,
      addedAt: NOW.toISOString(),
    };
    await h.store.putSwissSignUsers('12345TE', [user]);
    const chained = await runWatchdog(h.deps, testConfig(h.sim), { now: NOW });
    expect(('results' in chained.source ? chained.source.plan : chained.source).actions).toEqual([]);
    const unchained = testConfig(h.sim, (c) => ({ ...c, watchdog: { ...c.watchdog, chained: false } }));
    const run = await runWatchdog(h.deps, unchained, { now: NOW });
    expect((run.source as SyncOutcome).results.map((r) => r.status)).toEqual(['done']);
    expect(await h.store.listCertificates('12345TE', 'new@company.com')).toHaveLength(1);
  });

  test('the cap on live certificates holds for first issuances', async () => {
    await h.store.putSwissSignUsers(
      '12345TE',
      ['a', 'b', 'c'].map((x) => ({
        address: `${x}@company.com`,
        name: `${x}@company.com`,
        team: true,
        addedAt: NOW.toISOString(),
      })),
    );
    const config = testConfig(h.sim, (c) => ({
      ...c,
      watchdog: { ...c.watchdog, chained: false },
      smime: { ...c.smime, maxLiveCertificates: 2 },
    }));
    const run = await runWatchdog(h.deps, config, { now: NOW, dryRun: true });
    const plan = 'results' in run.source ? run.source.plan : run.source;
    expect(plan.actions).toHaveLength(2);
    expect(plan.lines.filter((l) => l.prefix === '(!)').map((l) => l.address)).toEqual(['c@company.com']);
  });

  test('semi-automatic mode hands renewals to the CSV instead of ordering, and batch-import orders them once', async () => {
    await firstSync();
    const notAfter = Date.parse((await h.store.listCertificates('12345TE'))[0]!.notAfter);
    const now = new Date(notAfter - 3_600_000);
    h.setTime(now);
    const config = testConfig(h.sim, (c) => ({ ...c, watchdog: { ...c.watchdog, mode: 'semi-automatic' } }));
    const run = await runWatchdog(h.deps, config, { now });
    const outcome = run.source as SyncOutcome;
    expect(outcome.results.map((r) => r.status)).toEqual(['handed-off', 'handed-off']);
    expect(h.sim.orders()).toHaveLength(2);
    const csv = semiAutomaticCsv(outcome, config);
    expect(csv?.rows.map((r) => r.address).sort()).toEqual(['john.doe@company.com', 'support@company.com']);
    const rows = parseSemiAutoCsv(csv!.csv).value;
    const done = await batchImport(h.deps, config, rows, { now });
    expect(done.results.map((r) => r.status)).toEqual(['done', 'done']);
    expect(h.sim.orders()).toHaveLength(4);
    const twice = await batchImport(h.deps, config, rows, { now });
    expect(twice.results).toEqual([]);
    expect(twice.plan.lines.map((l) => l.prefix)).toEqual(['(%)', '(%)']);
    expect(h.sim.orders()).toHaveLength(4);
  });
});
