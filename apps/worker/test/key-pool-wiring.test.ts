import { afterEach, expect, test } from 'vitest';
import { Worker } from '../src/index.js';
import { makeDataDir, memoryLogger, workerConfig } from './helpers.js';

let worker: Worker | undefined;
let cleanup = () => {};
afterEach(async () => {
  await worker?.stop(0);
  cleanup();
});

async function metrics(w: Worker): Promise<string> {
  return (await fetch(`http://127.0.0.1:${w.httpPort}/metrics`)).text();
}

test('with keyPool.target the worker fills the pool while idle; /metrics shows its size and counters', async () => {
  let dataDir: string;
  ({ dataDir, cleanup } = await makeDataDir());
  const mem = memoryLogger();
  worker = await Worker.start({
    config: workerConfig(dataDir, { keyPool: { target: 1, threads: 1 } }),
    env: {},
    logger: mem.logger,
    autoPoll: false,
  });
  // The tenant draws ECDSA P-256 (S/MIME) and RSA-2048 (PGP) keys: one of each is made.
  let text = '';
  for (let i = 0; i < 200 && !/usesync_key_pool_size\{kind="ec-p256"\} 1/.test(text); i++) {
    await new Promise((r) => setTimeout(r, 100));
    text = await metrics(worker);
  }
  expect(text).toMatch(/usesync_key_pool_size\{kind="ec-p256"\} 1/);
  expect(text).toContain('usesync_key_pool_generated_total');
  expect(mem.lines.join('')).toContain('"msg":"worker started"');
});
