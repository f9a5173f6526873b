// Runs N stand-in worker replicas (scale-worker.ts) against one store and one SwissSign simulator,
// with T tenants each uploading F files into a local share; shared by the multi-worker test and
// bench/scale-out.bench.mjs.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimulatorHandle, startSimulator } from '@usesync/swisssign';
import type { ScaleWorkerArgs } from './scale-worker.js';

const TS_CHILD = new URL('../../../../packages/store/test/support/ts-child.mjs', import.meta.url).pathname;
const WORKER = new URL('./scale-worker.ts', import.meta.url).pathname;

/** One line of the events file. */
export interface ScaleEvent {
  readonly worker: string;
  readonly pid: number;
  readonly t: number;
  readonly kind: 'ready' | 'start' | 'end' | 'exit';
  readonly tenant?: string;
  readonly file?: string;
  readonly attempts?: number;
  readonly result?: string;
}

/** Options of {@link runScaleOut}. */
export interface ScaleOutOptions {
  /** Store location (`postgres://…?schema=x` or `sqlite:<dir>`); the key is made here. */
  readonly location: string;
  readonly workers: number;
  readonly tenants: number;
  readonly filesPerTenant: number;
  /** S/MIME creations per file (each one CA order and one ledger entry). */
  readonly addressesPerFile: number;
  readonly ttlMs: number;
  /** SIGKILL worker 1 this long after its first sync started. */
  readonly killFirstAfterMs?: number;
  /** Simulator time per order (makes syncs long enough to be interrupted). */
  readonly orderMs?: number;
  readonly timeoutMs?: number;
}

/** What happened. */
export interface ScaleOutResult {
  readonly events: ScaleEvent[];
  readonly files: readonly { tenant: string; name: string }[];
  /** From the first sync start to the last sync end. */
  readonly elapsedMs: number;
  readonly killedPid?: number;
  /** When the SIGKILL was sent (ms since the epoch). */
  readonly killedAt?: number;
  readonly kek: string;
  readonly exitCodes: (number | null)[];
  /** Files still in a use/ folder at the end. */
  readonly leftOver: number;
  readonly issueRequests: number;
}

/** The tenant ids of a run: T0001TE … */
export const tenantIds = (n: number) =>
  Array.from({ length: n }, (_, i) => `T${String(i + 1).padStart(4, '0')}TE`);

/** The address of creation `a` in file `f` of a tenant. */
export const addressOf = (tenant: string, f: number, a: number) =>
  `u${f}x${a}.${tenant.toLowerCase()}@company.com`;

/** Runs the replicas to completion (every file processed and every replica exited). */
export async function runScaleOut(o: ScaleOutOptions): Promise<ScaleOutResult> {
  const root = mkdtempSync(join(tmpdir(), 'usesync-scale-'));
  const sim: SimulatorHandle = await startSimulator({
    progression: o.orderMs ? { polls: 1_000_000, ms: o.orderMs } : { polls: 0 },
  });
  const kek = randomBytes(32).toString('base64');
  const tenants = tenantIds(o.tenants);
  const files: { tenant: string; name: string }[] = [];
  for (const t of tenants) {
    mkdirSync(join(root, 'share', t, 'use'), { recursive: true });
    for (let f = 0; f < o.filesPerTenant; f++) {
      const name = `${t}_use_import_2026-06-01_${String(f).padStart(4, '0')}.useimport`;
      const lines = Array.from(
        { length: o.addressesPerFile },
        (_, a) => `smime-state:${addressOf(t, f, a)};name:Team ${t} ${f} ${a};keystate:1;teamcert:1`,
      );
      writeFileSync(join(root, 'share', t, 'use', name), `${lines.join('\n')}\n#####\n`);
      files.push({ tenant: t, name });
    }
  }
  const eventsFile = join(root, 'events.jsonl');
  writeFileSync(eventsFile, '');
  const readEvents = () =>
    readFileSync(eventsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ScaleEvent);
  const children: ChildProcess[] = [];
  const exits: Promise<number | null>[] = [];
  let killedPid: number | undefined;
  let killedAt: number | undefined;
  try {
    for (let i = 1; i <= o.workers; i++) {
      const args: ScaleWorkerArgs = {
        id: `worker-${i}`,
        location: o.location,
        kek,
        shareRoot: join(root, 'share'),
        tenants,
        ca: {
          baseUrl: sim.url,
          account: sim.account,
          apiKey: sim.apiKey.reveal(),
          products: { personal: sim.products.personal.name, team: sim.products.team.name },
        },
        ttlMs: o.ttlMs,
        eventsFile,
        idleExitMs: o.ttlMs * 2 + 500,
      };
      // Some sibling sources use parameter properties, which strip-only mode refuses.
      const child = spawn(
        process.execPath,
        ['--experimental-transform-types', '--no-warnings', TS_CHILD, WORKER, JSON.stringify(args)],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let err = '';
      child.stderr?.on('data', (d) => {
        err += d;
      });
      children.push(child);
      exits.push(
        new Promise((r) =>
          child.once('exit', (code) => {
            if (code !== 0 && code !== null) process.stderr.write(`worker-${i} exited ${code}: ${err}\n`);
            r(code);
          }),
        ),
      );
    }
    const deadline = Date.now() + (o.timeoutMs ?? 180_000);
    const first = children[0];
    if (o.killFirstAfterMs !== undefined && first) {
      for (;;) {
        const started = readEvents().find((e) => e.worker === 'worker-1' && e.kind === 'start');
        if (started) break;
        if (Date.now() > deadline || first.exitCode !== null)
          throw new Error('worker-1 never started a sync');
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, o.killFirstAfterMs));
      killedPid = first.pid;
      first.kill('SIGKILL');
      killedAt = Date.now();
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now()));
    });
    const finished = await Promise.race([Promise.all(exits), timeout]);
    clearTimeout(timer);
    if (finished === 'timeout') throw new Error('replicas did not finish in time');
    const exitCodes = await Promise.all(exits);
    const events = readEvents();
    const starts = events.filter((e) => e.kind === 'start').map((e) => e.t);
    const ends = events.filter((e) => e.kind === 'end').map((e) => e.t);
    const leftOver = tenants.filter((t) => existsSync(join(root, 'share', t, 'use'))).length
      ? files.filter((f) => existsSync(join(root, 'share', f.tenant, 'use', f.name))).length
      : 0;
    const issueRequests = Object.entries(sim.stats.byRoute)
      .filter(([route]) => /issue/i.test(route))
      .reduce((n, [, c]) => n + c, 0);
    return {
      events,
      files,
      elapsedMs: Math.max(...ends) - Math.min(...starts),
      ...(killedPid === undefined ? {} : { killedPid }),
      ...(killedAt === undefined ? {} : { killedAt }),
      kek,
      exitCodes,
      leftOver,
      issueRequests,
    };
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sim.close();
    rmSync(root, { recursive: true, force: true });
  }
}
