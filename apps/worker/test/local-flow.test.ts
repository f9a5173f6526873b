import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@usesync/executor';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Worker } from '../src/index.js';
import {
  dropExamples,
  type LocalWorker,
  memoryLogger,
  RULE_EXAMPLE,
  startLocalWorker,
  TENANT,
  USE_EXAMPLE,
  workerConfig,
} from './helpers.js';

describe('the worker on a local-folder share', () => {
  let t: LocalWorker;
  let dataDir = '';
  let worker: Worker | undefined;
  let lines: string[] = [];
  const use = () => join(dataDir, 'share', 'use');
  const ret = () => join(dataDir, 'share', 'return');

  beforeEach(async () => {
    t = await startLocalWorker();
    ({ dataDir, worker, lines } = t);
  });
  afterEach(async () => {
    if (worker && worker !== t.worker) await worker.stop(0); // a test restarted it
    await t.stop();
  });

  test('the manual example: processed as one sync, reports in return/, mails in the outbox, files deleted', async () => {
    dropExamples(use());
    await worker?.pollOnce(); // first sight
    expect(readdirSync(use()).sort()).toEqual([RULE_EXAMPLE, USE_EXAMPLE]);
    await worker?.pollOnce(); // stable: processed
    expect(readdirSync(use())).toEqual([]);
    const returned = readdirSync(ret()).sort();
    expect(returned).toEqual([
      '12345TE_use_import_2022-06-01_1600.certificates.zip',
      '12345TE_use_import_2022-06-01_1600.smime-report.txt',
      '12345TE_use_import_2022-06-01_1600.sync-report.txt',
    ]);
    const report = readFileSync(join(ret(), returned[2] ?? ''), 'utf8');
    expect(report).toContain('Result:       applied — 10 actions, 0 failed');
    expect(report).toContain(`File:         ${RULE_EXAMPLE}`);
    expect(report).not.toContain('123456;smimeimport'); // the passphrase is masked
    const emls = readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml'));
    expect(emls).toHaveLength(2);
    const store = openStore(dataDir, {}, true);
    try {
      expect(await store.wasProcessed(TENANT, USE_EXAMPLE)).toMatchObject({ outcome: 'applied' });
      expect(await store.wasProcessed(TENANT, RULE_EXAMPLE)).toMatchObject({ outcome: 'applied' });
    } finally {
      await store.close();
    }
    const log = lines.join('');
    expect(log).toContain('"tenant":"12345TE"');
    expect(log).toContain('"msg":"sync finished"');
    expect(log).not.toMatch(/PA\$\$WORT|123456;smimeimport/);
  });

  test('a re-upload of a processed name is refused, reported and removed', async () => {
    dropExamples(use(), [USE_EXAMPLE]);
    await worker?.pollOnce();
    await worker?.pollOnce();
    dropExamples(use(), [USE_EXAMPLE]);
    await worker?.pollOnce();
    expect(readdirSync(use())).toEqual([]);
    const refused = readdirSync(ret()).filter((f) => f.startsWith('12345TE_refused_'));
    expect(refused).toHaveLength(1);
    expect(readFileSync(join(ret(), refused[0] ?? ''), 'utf8')).toMatch(/already processed .*applied/);
  });

  test('a truncated upload (no #####) and a still-growing upload are not processed', async () => {
    mkdirSync(use(), { recursive: true });
    const full = readFileSync(join(import.meta.dirname, '../../../examples', USE_EXAMPLE), 'utf8');
    writeFileSync(join(use(), '12345TE_truncated.useimport'), full.replace('#####', ''));
    writeFileSync(join(use(), '12345TE_growing.useimport'), full.slice(0, 40));
    await worker?.pollOnce();
    writeFileSync(join(use(), '12345TE_growing.useimport'), full.slice(0, 120));
    await worker?.pollOnce();
    await worker?.pollOnce();
    expect(readdirSync(use()).sort()).toEqual(['12345TE_growing.useimport', '12345TE_truncated.useimport']);
    expect(existsSync(join(ret(), '12345TE_truncated.sync-report.txt'))).toBe(false);
    expect(lines.join('')).toContain('upload has no ##### terminator yet');
    // The upload completes: the next two polls take it.
    writeFileSync(join(use(), '12345TE_growing.useimport'), full);
    await worker?.pollOnce();
    await worker?.pollOnce();
    expect(readdirSync(use())).toEqual(['12345TE_truncated.useimport']);
  });

  test('wrong tenant prefix and oversized files are refused with a report; unsafe names are left alone', async () => {
    mkdirSync(use(), { recursive: true });
    writeFileSync(join(use(), 'OTHER_x.useimport'), '#####\n');
    writeFileSync(join(use(), '12345TE_bad\u0007name.useimport'), '#####\n');
    writeFileSync(join(use(), '12345TE_big.useimport'), Buffer.alloc(200_000, 0x41));
    const cfg = join(dataDir, 'tenants', `${TENANT}.yaml`);
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('maxFileBytes: 104857600', 'maxFileBytes: 100000'));
    await worker?.stop(0);
    worker = await Worker.start({
      config: workerConfig(dataDir),
      env: {},
      logger: memoryLogger().logger,
      autoPoll: false,
    });
    await worker.pollOnce();
    expect(readdirSync(use())).toEqual(['12345TE_bad\u0007name.useimport']);
    const report = readdirSync(ret()).find((f) => f.startsWith('12345TE_refused_')) ?? '';
    const text = readFileSync(join(ret(), report), 'utf8');
    expect(text).toContain('OTHER_x.useimport');
    expect(text).toContain('must start with "12345TE_"');
    expect(text).toContain('the limit is 100000');
    expect(text).toContain('12345TE_bad\\u0007name.useimport'); // shown escaped
    await worker.pollOnce(); // reported once, not on every poll
    expect(readdirSync(ret()).filter((f) => f.startsWith('12345TE_refused_'))).toHaveLength(1);
  });

  test('a parse error stops the sync: error report, nothing applied', async () => {
    mkdirSync(use(), { recursive: true });
    writeFileSync(join(use(), '12345TE_broken.useimport'), 'smime-state:nobody;keystate:7\n#####\n');
    await worker?.pollOnce();
    await worker?.pollOnce();
    expect(readdirSync(use())).toEqual([]);
    const text = readFileSync(join(ret(), '12345TE_broken.error-report.txt'), 'utf8');
    expect(text).toMatch(/not applied/i);
  });

  test('return/ files older than the retention are deleted', async () => {
    mkdirSync(ret(), { recursive: true });
    writeFileSync(join(ret(), 'old.txt'), 'x');
    writeFileSync(join(ret(), 'new.txt'), 'x');
    const old = new Date(Date.now() - 31 * 86_400_000);
    utimesSync(join(ret(), 'old.txt'), old, old);
    expect(await worker?.poller(TENANT)?.retention(30, true)).toEqual(['old.txt']);
    expect(readdirSync(ret())).toEqual(['new.txt']);
  });

  test('/healthz, /readyz and /metrics answer on loopback', async () => {
    dropExamples(use());
    await worker?.pollOnce();
    await worker?.pollOnce();
    const base = `http://127.0.0.1:${worker?.httpPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, tenants: [TENANT], ca: 'simulator' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('usesync_files_processed_total{tenant="12345TE",outcome="applied"} 2');
    expect(metrics).toContain('usesync_actions_total{tenant="12345TE",kind="smime-create",status="done"} 1');
    expect(metrics).toMatch(/usesync_ca_request_duration_seconds_count\{operation="issue",ok="true"\} 1/);
    expect(metrics).toContain('usesync_certificates_expiring{tenant="12345TE",window="30d"} 0');
    expect(metrics).toMatch(/usesync_certificates_expiring_per_week\{tenant="12345TE",week="0"\} 0/);
    expect(metrics).toMatch(/usesync_last_successful_sync_timestamp_seconds\{tenant="12345TE"\} \d{10}/);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
