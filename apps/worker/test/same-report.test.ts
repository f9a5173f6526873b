import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { Worker } from '../src/index.js';
import { makeDataDir, memoryLogger, TENANT, workerConfig } from './helpers.js';

const cliBin = new URL('../../cli/bin/usesync.js', import.meta.url).pathname;
const cliBuilt = existsSync(new URL('../../cli/dist/index.js', import.meta.url));

const USE = `${TENANT}_use_import_2026-12-01_0900.useimport`;
const RULES = `${TENANT}_rules_2026-12-01_0900.ruleimport`;
const USE_TEXT = [
  'option:RCR 4711;action-id',
  'group:alice@company.com;sales',
  'group:bob@company.com;sales',
  'group:company.com;all-staff',
  'passphrase:same-report-pass;smimeimport',
  'pgp-state:weak@company.com;name:Weak Key;keystate:1;keylength:1024',
  '#####',
  '',
].join('\n');
const RULES_TEXT = ['*;alice@company.com;se', 'group:sales;*;ss', '#####', ''].join('\n');

/** The report without its run times. */
const normalise = (text: string) =>
  text.replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?( UTC|Z)/g, '<time>');

describe.skipIf(!cliBuilt)('one sync, two callers', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  test('the worker and `usesync apply` write the same sync report for the same input and store state', async () => {
    // The worker, on a local share.
    const w = await makeDataDir();
    cleanups.push(w.cleanup);
    const use = join(w.dataDir, 'share', 'use');
    mkdirSync(use, { recursive: true });
    writeFileSync(join(use, USE), USE_TEXT);
    writeFileSync(join(use, RULES), RULES_TEXT);
    const worker = await Worker.start({
      config: workerConfig(w.dataDir),
      env: {},
      logger: memoryLogger().logger,
      autoPoll: false,
    });
    try {
      await worker.pollOnce();
      await worker.pollOnce();
    } finally {
      await worker.stop(0);
    }
    const ret = join(w.dataDir, 'share', 'return');
    const name = readdirSync(ret).find((f) => f.endsWith('.sync-report.txt'));
    expect(name).toBe(`${TENANT}_use_import_2026-12-01_0900.sync-report.txt`);
    const fromWorker = readFileSync(join(ret, name ?? ''), 'utf8');

    // `usesync apply`, on a data directory with the same tenant configuration.
    const c = await makeDataDir();
    cleanups.push(c.cleanup);
    const files = join(c.dataDir, 'in');
    mkdirSync(files);
    writeFileSync(join(files, USE), USE_TEXT);
    writeFileSync(join(files, RULES), RULES_TEXT);
    let fromCli = '';
    let code = 0;
    try {
      fromCli = execFileSync(
        process.execPath,
        [cliBin, 'apply', '--data', c.dataDir, join(files, USE), join(files, RULES)],
        {
          encoding: 'utf8',
          env: { ...process.env, USESYNC_DATA: c.dataDir },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (e) {
      const err = e as { status: number; stdout: string };
      code = err.status;
      fromCli = err.stdout;
    }
    expect(code).toBe(4); // the 1024-bit line is refused: (!)
    expect(fromWorker).toContain('(!)');
    expect(normalise(fromCli)).toBe(normalise(fromWorker));
  });
});
