import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { Worker } from '../src/index.js';
import { dropExamples, makeDataDir, memoryLogger, TENANT, workerConfig } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

test('a WatchDog cycle renews a certificate inside the buffer and reports it in return/', async () => {
  const { dataDir, cleanup } = await makeDataDir();
  cleanups.push(cleanup);
  let now = new Date();
  const worker = await Worker.start({
    config: workerConfig(dataDir),
    env: {},
    logger: memoryLogger().logger,
    autoPoll: false,
    clock: () => now,
  });
  cleanups.push(() => worker.stop(0));
  dropExamples(join(dataDir, 'share', 'use'));
  await worker.pollOnce();
  await worker.pollOnce();
  await worker.runWatchdog(TENANT); // valid for a year: nothing to do
  expect(await worker.metrics.text()).toContain(
    'usesync_watchdog_cycles_total{tenant="12345TE",result="idle"} 1',
  );
  now = new Date(now.getTime() + 364 * 86_400_000); // one day before expiry: inside the 48 h buffer
  await worker.runWatchdog(TENANT);
  expect(await worker.metrics.text()).toContain(
    'usesync_watchdog_cycles_total{tenant="12345TE",result="ran"} 1',
  );
  const ret = join(dataDir, 'share', 'return');
  const report = readdirSync(ret).find((f) => f.endsWith('.watchdog-report.txt')) ?? '';
  expect(readFileSync(join(ret, report), 'utf8')).toContain('support@company.com');
  expect(readdirSync(ret).some((f) => /_watchdog_.*\.smime-report\.txt$/.test(f))).toBe(true);
});
