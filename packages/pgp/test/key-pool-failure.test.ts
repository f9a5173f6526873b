import { Worker } from 'node:worker_threads';
import { describe, expect, test, vi } from 'vitest';
import { workerExecArgv } from '../src/internal/spawn-worker.js';

// Replace the real worker with one that misbehaves as `behaviour` says.
const state = vi.hoisted(() => ({ behaviour: 'throw' as 'throw' | 'exit' }));
vi.mock('../src/internal/spawn-worker.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/internal/spawn-worker.js')>()),
  spawnKeygenWorker: () =>
    state.behaviour === 'throw'
      ? new Worker('throw new Error("worker broke at start")', { eval: true })
      : new Worker("require('node:worker_threads').parentPort.on('message', () => process.exit(3))", {
          eval: true,
        }),
}));

const { PgpKeyPool } = await import('../src/index.js');
const request = { address: 'a@example.com', name: 'Ann', keyType: 'Curve25519' as const, now: new Date(0) };

describe('PgpKeyPool when a worker fails', () => {
  test.each(['throw', 'exit'] as const)(
    'rejects the key with PGP_WORKER_FAILED and stays usable (worker does %s)',
    async (behaviour) => {
      state.behaviour = behaviour;
      await using pool = new PgpKeyPool({ size: 1 });
      await expect(pool.generate(request)).rejects.toMatchObject({
        code: 'PGP_WORKER_FAILED',
        message: 'Cannot generate a PGP key for a@example.com: the key generation worker failed',
      });
      expect(pool.threads).toBe(0);
      await expect(pool.generate(request)).rejects.toMatchObject({ code: 'PGP_WORKER_FAILED' });
    },
  );
});

describe('workerExecArgv', () => {
  test('drops the host entry point type and keeps other Node options', () => {
    expect(
      workerExecArgv([
        '--input-type=module',
        '--enable-source-maps',
        '--input-type',
        'module',
        '--conditions=x',
      ]),
    ).toEqual(['--enable-source-maps', '--conditions=x']);
  });
});
