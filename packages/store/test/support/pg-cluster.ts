/**
 * A throwaway PostgreSQL cluster for tests: initdb into a fresh directory under /tmp, started on
 * 127.0.0.1 at a free port with its socket in the same directory, stopped and removed after.
 * `USESYNC_TEST_PG_URL` names an already running server instead (nothing is started or stopped).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The environment variable naming an existing server for the tests. */
export const TEST_PG_URL_ENV = 'USESYNC_TEST_PG_URL';

/** A running cluster (or the one named by the environment). */
export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /** The data directory when this process started the cluster (for raw-byte checks). */
  readonly dataDir?: string;
  stop(): Promise<void>;
}

/** The directory holding initdb/pg_ctl (the newest installed version), or undefined. */
export function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** Whether the PostgreSQL tests can run here, and why not. */
export function pgAvailability(): { ok: true } | { ok: false; reason: string } {
  if (process.env[TEST_PG_URL_ENV]) return { ok: true };
  if (findPgBin()) return { ok: true };
  return {
    ok: false,
    reason: `PostgreSQL tests skipped: no /usr/lib/postgresql/*/bin/initdb and no ${TEST_PG_URL_ENV} (apt-get install -y postgresql)`,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a cluster. Settings trade durability for speed where it cannot matter (a throwaway
 * cluster: `fsync=off`); pass `durable: true` for benchmarks that should pay for fsync like a
 * real server (with `synchronous_commit=off`, the counterpart of SQLite's `synchronous=NORMAL`).
 */
export async function startPgCluster(options: { durable?: boolean } = {}): Promise<PgCluster> {
  const given = process.env[TEST_PG_URL_ENV];
  if (given) return { url: given, stop: async () => {} };
  const bin = findPgBin();
  if (!bin) throw new Error(pgAvailability().ok ? 'unreachable' : 'PostgreSQL is not installed');
  const dir = mkdtempSync('/tmp/usesync-pg-');
  const root = process.getuid?.() === 0;
  // initdb refuses to run as root: run it (and the server) as the postgres user.
  const as = (cmd: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const settings = [
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    '-c max_connections=200',
    '-c shared_buffers=64MB',
    options.durable
      ? '-c synchronous_commit=off'
      : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
  ];
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      as('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '30',
        '-o',
        `-p ${port} ${settings.join(' ')}`,
        'start',
      ]);
    } catch (e) {
      lastError = e;
      continue;
    }
    const stop = async () => {
      try {
        as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dataDir: data, stop };
  }
  const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`Cannot start PostgreSQL: ${(lastError as Error).message}\n${log}`);
}
