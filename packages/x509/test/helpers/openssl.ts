import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** True when an `openssl` binary runs; interop tests skip (and say so) otherwise. */
export const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

if (!hasOpenssl) console.warn('openssl not found on PATH: OpenSSL interop tests are skipped');

/** The output of one `openssl` run. */
export interface OpensslRun {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs a command with extra environment and optional stdin, collecting its output. */
function run(
  command: string,
  args: readonly string[],
  options: { input?: Uint8Array | string; env?: Record<string, string>; cwd?: string },
): Promise<OpensslRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    // A command that reads no stdin may exit before the write lands: its EPIPE is not a failure
    // (the exit code and the output say how the run went).
    child.stdin.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') reject(e);
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Runs `openssl` with arguments (never a passphrase: pass those in `env` and refer to them as
 * `env:NAME`), optional stdin, and extra environment variables.
 */
export function openssl(
  args: readonly string[],
  options: { input?: Uint8Array | string; env?: Record<string, string>; cwd?: string } = {},
): Promise<OpensslRun> {
  return run('openssl', args, options);
}

/** Runs `sh -c` (for pipelines such as the legacy conversion command) with extra environment. */
export function shell(
  script: string,
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<OpensslRun> {
  return run('sh', ['-c', script], options);
}

/** A temporary directory, removed by the returned function. */
export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'usesync-x509-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
