import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@usesync/executor';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PUSHBACK_PENDING_DIR } from '../src/deliver.js';
import { dropExamples, type LocalWorker, startLocalWorker, TENANT, USE_EXAMPLE } from './helpers.js';

describe('pushback that fails', () => {
  let t: LocalWorker;
  let dataDir = '';
  beforeEach(async () => {
    t = await startLocalWorker();
    dataDir = t.dataDir;
  });
  afterEach(() => t.stop());

  test('the sync is recorded as done once, the reports wait and are pushed back when the share takes them', async () => {
    const share = join(dataDir, 'share');
    const ret = join(share, 'return');
    dropExamples(join(share, 'use'), [USE_EXAMPLE]);
    rmSync(ret, { recursive: true, force: true });
    writeFileSync(ret, 'not a folder'); // the share refuses every pushback
    await t.worker.pollOnce();
    await t.worker.pollOnce();
    expect(readdirSync(join(share, 'use'))).toEqual([]); // processed, not retried every poll
    const store = openStore(dataDir, {}, true);
    try {
      expect(await store.wasProcessed(TENANT, USE_EXAMPLE)).toMatchObject({ outcome: 'applied' });
    } finally {
      await store.close();
    }
    const pending = join(dataDir, PUSHBACK_PENDING_DIR, TENANT);
    expect(readdirSync(pending).sort()).toContain('12345TE_use_import_2022-06-01_1600.sync-report.txt');
    expect(t.lines.join('')).toContain('pushback failed; the files are kept');
    await t.worker.pollOnce(); // still refused: kept
    expect(readdirSync(pending).length).toBeGreaterThan(0);
    rmSync(ret);
    mkdirSync(ret);
    await t.worker.pollOnce();
    expect(readdirSync(ret)).toContain('12345TE_use_import_2022-06-01_1600.sync-report.txt');
    expect(existsSync(pending) ? readdirSync(pending) : []).toEqual([]);
    // One sync, one set of mails: nothing was re-synced.
    expect(t.lines.filter((l) => l.includes('"msg":"sync finished"'))).toHaveLength(1);
  });
});
