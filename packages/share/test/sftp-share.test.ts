import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type HostKeyPin, SftpShare, verifyHostKey } from '../src/index.js';
import { readRegularFile } from '../src/internal/sftp-read.js';
import { shareContract } from './share-contract.js';
import { shareSafetyContract } from './share-safety-contract.js';
import { sshdMissing, startSshd, type TestSshd } from './sshd-server.js';

if (sshdMissing) console.warn(sshdMissing);

describe.skipIf(sshdMissing !== undefined)('SftpShare against a real OpenSSH sshd', () => {
  let sshd: TestSshd;
  const opened: SftpShare[] = [];
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    for (const s of opened) await s.close();
    await sshd?.stop();
  });
  beforeEach(() => {
    rmSync(sshd.root, { recursive: true, force: true });
    mkdirSync(sshd.root);
  });

  const open = (hostKey: HostKeyPin = { fingerprint: sshd.fingerprint }, extra: object = {}) => {
    const share = new SftpShare({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.clientKey,
      hostKey,
      root: sshd.root,
      reconnect: { attempts: 2, baseDelayMs: 50 },
      ...extra,
    });
    opened.push(share);
    return share;
  };

  shareContract(
    () => open(),
    () => sshd.root,
  );

  shareSafetyContract(
    (options) => open(undefined, options ?? {}),
    () => sshd.root,
    '\\ufffd',
  );

  test('a server stuck opening a FIFO does not hang the read: past the deadline the connection is dropped', async () => {
    const fifo = join(sshd.root, 'fifo.useimport');
    execFileSync('mkfifo', [fifo]);
    const client = new SftpClient();
    const sftp = await client.connect({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.clientKey,
      hostVerifier: (key: Buffer) =>
        verifyHostKey({ fingerprint: sshd.fingerprint }, '127.0.0.1', sshd.port, key).ok,
    });
    let dropped = false;
    try {
      // The share lstat()s first; this is the open after a FIFO was swapped in behind that check.
      const read = readRegularFile(sftp, fifo, 'use/fifo.useimport', 300, () => {
        dropped = true;
        void client.end().catch(() => undefined);
      });
      await expect(read).rejects.toMatchObject({
        code: 'SHARE_NOT_A_FILE',
        message: expect.stringMatching(/FIFO/),
      });
      expect(dropped).toBe(true);
    } finally {
      // A writer releases the server process still blocked in open().
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader left
      }
      await client.end().catch(() => undefined);
    }
  });

  test('a known_hosts file pins the host key too', async () => {
    const share = open({ knownHosts: `# comment\n${sshd.knownHosts}` });
    await share.mkdir('use');
    expect(await share.list('use')).toEqual([]);
  });

  test('an unknown host key is refused with SHARE_HOST_KEY_UNKNOWN and nothing is sent', async () => {
    const share = open({ knownHosts: 'other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE3n\n' });
    const err = await share.list('.').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SHARE_HOST_KEY_UNKNOWN', retryable: false });
    expect(String((err as Error).message)).toContain(sshd.fingerprint);
  });

  test('a host key that differs from the pinned fingerprint is refused with SHARE_HOST_KEY_MISMATCH', async () => {
    const share = open({ fingerprint: sshd.otherFingerprint });
    await expect(share.list('.')).rejects.toMatchObject({
      code: 'SHARE_HOST_KEY_MISMATCH',
      message: expect.stringMatching(/does not match the pinned one/),
    });
  });

  test('a refused client key is SHARE_AUTH, not retried', async () => {
    const other = execFileSync('cat', [`${sshd.dir}/other_key`], { encoding: 'utf8' });
    const share = open(undefined, { privateKey: other });
    await expect(share.list('.')).rejects.toMatchObject({ code: 'SHARE_AUTH', retryable: false });
  });

  test('a dropped connection is re-opened transparently', async () => {
    const share = open();
    await share.mkdir('use');
    await share.list('use');
    // Kill the per-connection sshd processes: the client's connection dies under it.
    const pid = execFileSync('cat', [`${sshd.dir}/sshd.pid`], { encoding: 'utf8' }).trim();
    const children = execFileSync('pgrep', ['-P', pid], { encoding: 'utf8' }).trim().split('\n');
    for (const c of children) process.kill(Number(c), 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    await share.write('use/after.txt', new TextEncoder().encode('ok'));
    expect((await share.list('use')).map((e) => e.name)).toEqual(['after.txt']);
  });

  test('nothing listens: SHARE_CONNECT after the configured attempts', async () => {
    const share = new SftpShare({
      host: '127.0.0.1',
      port: 1,
      username: 'x',
      privateKey: sshd.clientKey,
      hostKey: { fingerprint: sshd.fingerprint },
      reconnect: { attempts: 2, baseDelayMs: 10 },
    });
    await expect(share.list('.')).rejects.toMatchObject({ code: 'SHARE_CONNECT', retryable: true });
  });
});
