import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { SwissSignClient, startSimulator } from '../src/index.js';
import { clientConfig, makeCsr } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'usesync-sim-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a simulator restarted on its state file keeps its CA, account, products and orders', async () => {
  const stateFile = join(dir, 'state.json');
  const first = await startSimulator({ stateFile, apiKey: 'sim-key-for-state-test' });
  const outcome = await new SwissSignClient(clientConfig(first)).issue({
    kind: 'team',
    email: 'kept@example.com',
    csr: await makeCsr({ email: 'kept@example.com' }),
    idempotencyKey: 'state-1',
  });
  await first.close();
  expect(statSync(stateFile).mode & 0o077).toBe(0);

  const second = await startSimulator({ stateFile });
  try {
    expect(second.caCertificatesPem).toBe(first.caCertificatesPem);
    expect(second.apiKey.reveal()).toBe('sim-key-for-state-test');
    expect(second.products).toEqual(first.products);
    const client = new SwissSignClient(clientConfig(second));
    const again = await client.issue({
      kind: 'team',
      email: 'kept@example.com',
      csr: await makeCsr({ email: 'kept@example.com' }),
      idempotencyKey: 'state-1',
    });
    expect(again).toMatchObject({ kind: 'issued', reused: true, orderReference: outcome.orderReference });
    expect(second.orders()).toHaveLength(1);
  } finally {
    await second.close();
  }
});
