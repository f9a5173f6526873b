import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@usesync/executor';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PUSHBACK_PENDING_DIR } from '../src/deliver.js';
import { Worker } from '../src/index.js';
import { dropExamples, makeDataDir, memoryLogger, TENANT, USE_EXAMPLE, workerConfig } from './helpers.js';

describe('pushback that fails', () => {
  let dataDir = '';
  let cleanup = () => {};
  let worker: Worker | undefined;
  let lines: string[] = [];

  beforeEach(async () => {
    ({ dataDir, cleanup } = await makeDataDir());
    const mem = memoryLogger();
    lines = mem.lines;
    worker = await Worker.start({
      config: workerConfig(dataDir),
      env: {},
      logger: mem.logger,
      autoPoll: false,
    });
  });
  afterEach(async () => {
    await worker?.stop(0);
    cleanup();
  });

  test('the sync is recorded as done once, the reports wait and are pushed back when the share takes them', async () => {
    const share = join(dataDir, 'share');
    const ret = join(share, 'return');
    dropExamples(join(share, 'use'), [USE_EXAMPLE]);
    rmSync(ret, { recursive: true, force: true });
    writeFileSync(ret, 'not a folder'); // the share refuses every pushback
    await worker?.pollOnce();
    await worker?.pollOnce();
    expect(readdirSync(join(share, 'use'))).toEqual([]); // processed, not retried every poll
    const store = openStore(dataDir, {}, true);
    try {
      expect(await store.wasProcessed(TENANT, USE_EXAMPLE)).toMatchObject({ outcome: 'applied' });
    } finally {
      await store.close();
    }
    const pending = join(dataDir, PUSHBACK_PENDING_DIR, TENANT);
    expect(readdirSync(pending).sort()).toContain('12345TE_use_import_2022-06-01_1600.sync-report.txt');
    expect(lines.join('')).toContain('pushback failed; the files are kept');
    await worker?.pollOnce(); // still refused: kept
    expect(readdirSync(pending).length).toBeGreaterThan(0);
    rmSync(ret);
    mkdirSync(ret);
    await worker?.pollOnce();
    expect(readdirSync(ret)).toContain('12345TE_use_import_2022-06-01_1600.sync-report.txt');
    expect(existsSync(pending) ? readdirSync(pending) : []).toEqual([]);
    // One sync, one set of mails: nothing was re-synced.
    expect(lines.filter((l) => l.includes('"msg":"sync finished"'))).toHaveLength(1);
  });
});
