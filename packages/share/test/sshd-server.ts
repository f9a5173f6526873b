// A private OpenSSH server on 127.0.0.1 for tests: own host key, own client key, internal-sftp.
// Shared with the worker's tests (imported by relative path).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where sshd lives; tests skip when it is absent. */
export const SSHD = '/usr/sbin/sshd';
/** Why SFTP tests are skipped, or undefined when they can run. */
export const sshdMissing: string | undefined = existsSync(SSHD)
  ? undefined
  : `${SSHD} is absent: SFTP tests skipped (install openssh-server, e.g. scripts/services.sh)`;

/** A running test sshd. */
export interface TestSshd {
  readonly port: number;
  readonly username: string;
  /** Absolute folder that serves as the share root. */
  readonly root: string;
  /** The client's private key (OpenSSH text). */
  readonly clientKey: string;
  /** The server's host key fingerprint (`SHA256:…`). */
  readonly fingerprint: string;
  /** A known_hosts line for the server. */
  readonly knownHosts: string;
  /** A fingerprint of another key (for refusal tests). */
  readonly otherFingerprint: string;
  readonly dir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path], { stdio: 'ignore' });
}

function fingerprintOf(pubPath: string): string {
  return execFileSync('ssh-keygen', ['-lf', pubPath], { encoding: 'utf8' }).split(' ')[1] ?? '';
}

async function waitForPort(port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${readFileSync(log, 'utf8')}`);
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${port}`);
}

/** Starts sshd in the foreground (`-D`) on a free loopback port. */
export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'usesync-sshd-'));
  const root = join(dir, 'share');
  mkdirSync(root);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  keygen(join(dir, 'host_key'));
  keygen(join(dir, 'client_key'));
  keygen(join(dir, 'other_key'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'sshd_config'), config);
  const log = join(dir, 'sshd.log');
  const child = spawn(SSHD, ['-D', '-f', join(dir, 'sshd_config'), '-E', log], { stdio: 'ignore' });
  await waitForPort(port, child, log);
  const hostPub = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ');
  return {
    port,
    username: execFileSync('id', ['-un'], { encoding: 'utf8' }).trim(),
    root,
    dir,
    clientKey: readFileSync(join(dir, 'client_key'), 'utf8'),
    fingerprint: fingerprintOf(join(dir, 'host_key.pub')),
    otherFingerprint: fingerprintOf(join(dir, 'other_key.pub')),
    knownHosts: `[127.0.0.1]:${port} ${hostPub[0]} ${hostPub[1]}\n`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
