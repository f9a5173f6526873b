import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Peer, startPeer } from './smtp-peer.js';

const CHILD = new URL('./fixtures-child/close-child.mjs', import.meta.url).pathname;

let dir: string;
let peer: Peer | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'usesync-close-'));
});
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the child and resolves with its exit code and output. The guard only catches a hang (the
 * child's own timeouts are 60 s): it is not a timing assertion.
 */
function runChild(args: string[]): Promise<{ code: number | null; out: string; err: string; hung: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', CHILD, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, out, err, hung: signal === 'SIGKILL' });
    });
  });
}

describe('closing the mailer lets the process exit', () => {
  test('after close, no pooled SMTP connection or retry timer keeps the process alive', async () => {
    peer = await startPeer();
    const r = await runChild([String(peer.port), dir, 'sent']);
    expect(r.err).toBe('');
    expect(r.hung).toBe(false);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe('sent');
    expect(peer.received).toHaveLength(1);
  }, 60_000);

  test('close cuts short a delivery waiting in its backoff; the mail stays pending', async () => {
    peer = await startPeer({ rejectFirst: { count: 100, code: 421 } });
    const r = await runChild([String(peer.port), dir, 'backoff']);
    expect(r.err).toBe('');
    expect(r.hung).toBe(false);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe('pending');
  }, 60_000);
});
