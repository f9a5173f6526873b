import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  applyPlan,
  mailOptionsOf,
  openMailSpool,
  planSync,
  readLiveRules,
  renderSyncDelivery,
  renderWatchdogDelivery,
  reportStem,
  runKeyOf,
  runWatchdog,
  sendDelivery,
  stemNames,
  uploadsOf,
} from '../src/index.js';
import { type Harness, harness, inputsOf, NOW, testConfig } from './fixtures.js';

const FILE = [
  'option:RCR 4711;action-id',
  'option:ops@company.com;addmailreport',
  'smime-state:support@company.com;name:Support;keystate:1;teamcert:1',
  '#####',
  '',
].join('\n');
const RULES = '*;*;se;ss\n';

let h: Harness;
let dir = '';
beforeEach(async () => {
  h = await harness();
  dir = mkdtempSync(join(tmpdir(), 'usesync-delivery-'));
});
afterEach(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function applied(text: string, rules?: string) {
  const config = testConfig(h.sim, (c) => ({
    ...c,
    reports: { ...c.reports, report: ['it@company.com'], smimeReport: ['pki@company.com'] },
  }));
  const inputs = inputsOf(text, rules);
  const plan = await planSync(h.store, config, inputs, { now: NOW });
  const outcome = await applyPlan(h.deps, config, plan, { now: NOW, runKey: runKeyOf(inputs) });
  return { config, inputs, outcome };
}

describe('delivery', () => {
  test('the report stem is the .useimport name without its suffix, else the .ruleimport, else "sync"', () => {
    expect(reportStem(['12345TE_rules_1.ruleimport', '12345TE_use_1.useimport'])).toBe('12345TE_use_1');
    expect(reportStem(['12345TE_rules_1.RULEIMPORT'])).toBe('12345TE_rules_1');
    expect(reportStem([])).toBe('sync');
    expect(stemNames('s', 'watchdog-report')).toEqual({
      report: 's.watchdog-report.txt',
      smimeReport: 's.smime-report.txt',
      certificatesZip: 's.certificates.zip',
      semiAutomaticCsv: 's.semi-automatic.csv',
      errorReport: 's.error-report.txt',
    });
  });

  test('an applied sync delivers the sync report, the S/MIME report and the zip, in that order', async () => {
    const { config, inputs, outcome } = await applied(FILE, RULES);
    const liveRules = await readLiveRules(h.store, '12345TE');
    expect(liveRules.length).toBeGreaterThan(0);
    const d = renderSyncDelivery(config, inputs, outcome, liveRules, { now: NOW, names: stemNames('x') });
    expect(d.files.map((f) => f.name)).toEqual([
      'x.sync-report.txt',
      'x.smime-report.txt',
      'x.certificates.zip',
    ]);
    expect(d.items.map((i) => i.kind)).toEqual(['sync-report', 'smime-report']);
    expect(d.report.text).toContain('RCR 4711');
    expect(d.smimeReport?.text).toContain('x.certificates.zip');
    expect(d.csv).toBeUndefined();
    const first = d.items[0];
    expect(first?.kind === 'sync-report' && first.ruleFile?.content).toContain('*;*;ss;se');
    expect(uploadsOf(inputs).map((u) => u.kind)).toEqual(['useimport', 'ruleimport']);
  });

  test('the mails go through the spool into the outbox with the action-id and addmail options', async () => {
    const { config, inputs, outcome } = await applied(FILE);
    const d = renderSyncDelivery(config, inputs, outcome, [], { now: NOW, names: stemNames('x') });
    const mail = mailOptionsOf(inputs);
    expect(mail).toEqual({ actionId: 'RCR 4711', fileOptions: { addmailreport: 'ops@company.com' } });
    const spool = openMailSpool(dir);
    try {
      const sent = await sendDelivery(spool, config, 'usesync@localhost', d.items, mail);
      expect(sent.results.map((r) => r.state)).toEqual(['sent', 'sent']);
      expect(sent.results[0]?.record.subject).toMatch(/^RCR 4711/);
    } finally {
      await spool.close();
    }
    expect(readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
  });

  test('a WatchDog dry run gets its report only; no files and no mail items', async () => {
    const { config } = await applied(FILE);
    const run = await runWatchdog({ store: h.store }, config, { now: NOW, dryRun: true });
    const d = renderWatchdogDelivery(config, run, { now: NOW, names: stemNames('w', 'watchdog-report') });
    expect(d.report.title).toContain('WatchDog');
    expect(d.files).toEqual([]);
    expect(d.items).toEqual([]);
  });
});
