// The built worker with an SMTP pool open: SIGTERM ends the process promptly (the pool is closed,
// nothing lingers). A liveness check with a generous bound, not a timing assertion.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type Peer, startPeer } from '../../../packages/mailer/test/smtp-peer.js';
import { makeDataDir, TENANT } from './helpers.js';

const BIN = new URL('../bin/usesync-worker.js', import.meta.url).pathname;
const built = existsSync(new URL('../dist/cli.js', import.meta.url));
if (!built)
  console.warn(
    'apps/worker/dist is absent: shutdown test skipped (run `pnpm --filter @usesync/worker... build`)',
  );

/** Far below the ~30 s an open SMTP pool used to keep the process alive after "worker stopped". */
const LIVENESS_BOUND_MS = 15_000;

const until = async (what: string, ok: () => boolean, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(!built)('usesync-worker shutdown', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  test('SIGTERM with an SMTP pool open: the worker closes it and the process exits 0 on its own', async () => {
    const peer: Peer = await startPeer();
    cleanups.push(() => peer.stop());
    const { dataDir, cleanup } = await makeDataDir();
    cleanups.push(cleanup);
    const config = join(dataDir, 'worker.yaml');
    writeFileSync(
      config,
      [
        'dataDir: .',
        'pollIntervalSeconds: 0.2',
        'shutdownGraceSeconds: 2',
        'http: { port: 0 }',
        `smtp: { host: 127.0.0.1, port: ${peer.port}, requireTLS: false }`,
        '',
      ].join('\n'),
    );
    mkdirSync(join(dataDir, 'share', 'use'), { recursive: true });
    writeFileSync(
      join(dataDir, 'share', 'use', `${TENANT}_mail.useimport`),
      'pgp-state:user1@company.com;name:User One;keystate:1\n#####\n',
    );
    const child = spawn(process.execPath, [BIN, '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let log = '';
    child.stdout.on('data', (d: Buffer) => {
      log += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      log += d.toString();
    });
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

    // The sync report went out through the pool; its connection stays open (idle) afterwards.
    const running = () => {
      if (child.exitCode !== null) throw new Error(`the worker exited early (${child.exitCode}):\n${log}`);
      return true;
    };
    // The sync report went out through the pool; its connection stays open (idle) afterwards.
    await until('the report mail at the SMTP server', () => running() && peer.received.length > 0);
    await until('the sync to finish', () => running() && log.includes('"msg":"sync finished"'));
    child.kill('SIGTERM');
    const code = await Promise.race([
      exit,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), LIVENESS_BOUND_MS)),
    ]);
    expect(code, log).toBe(0);
    expect(log).toContain('"msg":"worker stopped"');
    // It ended because nothing was left open, not because of the forced exit.
    expect(log).not.toContain('exiting although handles are still open');
  });
});
