import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';

const CHILD = new URL('./fixtures-child/import-child.mjs', import.meta.url).pathname;

test('importing the package in a fresh process leaves Reflect and globalThis alone; the simulator loads X.509 on first use', () => {
  const out = execFileSync(
    process.execPath,
    ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', CHILD],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(JSON.parse(out)).toEqual({ afterImport: 'undefined', added: [], afterSimulator: 'function' });
});

test('in this test process too, importing the client does not define Reflect.getMetadata', async () => {
  const { SwissSignClient } = await import('../src/index.js');
  expect(typeof SwissSignClient).toBe('function');
  expect((Reflect as unknown as Record<string, unknown>).getMetadata).toBeUndefined();
});
