// Runs N real `usesync-worker` processes (the built bin) against one store and one SwissSign
// simulator, with T tenants each uploading F files into a local-folder share that all replicas
// see. Each replica has its own data directory (tenant configurations, outbox, mail spool); the
// store, the key (USESYNC_KEK), the CA (USESYNC_SWISSSIGN_*) and the share roots are shared.
// Shared by the multi-worker test and bench/scale-out.bench.mjs.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTenantConfig, renderDefaultTenantConfigYaml } from '@usesync/config';
import { type SimulatorHandle, startSimulator } from '@usesync/swisssign';

/** The built worker binary and whether it can run (its dist exists). */
export const WORKER_BIN = new URL('../../bin/usesync-worker.js', import.meta.url).pathname;
export const workerDistMissing = existsSync(new URL('../../dist/cli.js', import.meta.url).pathname)
  ? undefined
  : 'apps/worker/dist is absent: real-worker tests skipped (run `turbo run build --filter=@usesync/worker...`; the root `pnpm test` builds first)';

/** A sync as the replicas logged it (`sync started` … `sync finished` / `interrupted` / `failed`). */
export interface SyncSpan {
  readonly replica: number;
  readonly tenant: string;
  readonly files: readonly string[];
  readonly attempts: number;
  readonly start: number;
  /** Undefined: the replica died during the sync. */
  readonly end?: number;
  readonly result?: string;
}

/** Options of {@link runReplicas}. */
export interface ReplicaRunOptions {
  /** `postgres://…?schema=x`, or undefined for each replica's own data directory (SQLite). */
  readonly store?: string;
  readonly replicas: number;
  readonly tenants: number;
  readonly filesPerTenant: number;
  /** S/MIME creations per file (each one CA order and one ledger entry). */
  readonly addressesPerFile: number;
  readonly leaseTtlSeconds: number;
  /** Simulator time per order (makes syncs long enough to be interrupted). */
  readonly orderMs?: number;
  /** SIGKILL replica 1 this long after its first sync started. */
  readonly killFirstAfterMs?: number;
  readonly pollIntervalSeconds?: number;
  readonly timeoutMs?: number;
}

/** What happened. */
/** A file in a tenant's return folder after the run. */
export interface ReturnedFile {
  readonly tenant: string;
  readonly name: string;
  /** The text of a report; for a zip, the names of its entries, one per line. */
  readonly content: string;
}

/** The entry names of a zip (its local file headers), without unpacking it. */
function zipEntries(bytes: Buffer): string[] {
  const names: string[] = [];
  for (let i = bytes.indexOf('PK\x03\x04'); i >= 0; i = bytes.indexOf('PK\x03\x04', i + 4)) {
    const nameLength = bytes.readUInt16LE(i + 26);
    const extra = bytes.readUInt16LE(i + 28);
    names.push(bytes.subarray(i + 30, i + 30 + nameLength).toString('utf8'));
    i += 30 + nameLength + extra;
  }
  return names;
}

export interface ReplicaRunResult {
  readonly spans: SyncSpan[];
  readonly files: readonly { readonly tenant: string; readonly name: string }[];
  /** From the first sync start to the last sync end. */
  readonly elapsedMs: number;
  readonly killedAt?: number;
  /** Base64 key-encryption key of the store. */
  readonly kek: string;
  /** Exit codes of the replicas (null: killed). */
  readonly exitCodes: (number | null)[];
  readonly leftOver: number;
  /** Issue requests the simulator received. */
  readonly issueRequests: number;
  /** Log lines per replica (for failure messages). */
  readonly logs: string[][];
  /** What each tenant's return folder holds at the end: S/MIME reports and certificate zips. */
  readonly returned: readonly ReturnedFile[];
}

/** The tenant ids of a run: T0001TE … */
export const tenantIds = (n: number) =>
  Array.from({ length: n }, (_, i) => `T${String(i + 1).padStart(4, '0')}TE`);

/** The address of creation `a` in file `f` of a tenant. */
export const addressOf = (tenant: string, f: number, a: number) =>
  `u${f}x${a}.${tenant.toLowerCase()}@company.com`;

function tenantYaml(tenant: string, shareRoot: string): string {
  return renderDefaultTenantConfigYaml(tenant)
    .replace('keyAlgorithm: RSA-3072', 'keyAlgorithm: ECDSA-P256')
    .replace('defaultKeyLength: 4096', 'defaultKeyLength: 2048')
    .replace('  report: []', '  report: ["it-admin@company.com"]')
    .replace(/\n {2}root: share\n/, `\n  root: ${JSON.stringify(shareRoot)}\n`);
}

interface Line {
  readonly msg?: string;
  readonly time?: string;
  readonly tenant?: string;
  readonly files?: string[];
  readonly attempts?: number;
  readonly result?: string;
}

function spansOf(replica: number, lines: readonly string[]): SyncSpan[] {
  const spans: SyncSpan[] = [];
  const open = new Map<string, { tenant: string; files: string[]; attempts: number; start: number }>();
  for (const text of lines) {
    let l: Line;
    try {
      l = JSON.parse(text) as Line;
    } catch {
      continue;
    }
    if (!l.tenant || !l.files || !l.time) continue;
    const key = `${l.tenant}/${l.files.join(',')}`;
    const t = Date.parse(l.time);
    if (l.msg === 'sync started') {
      open.set(key, { tenant: l.tenant, files: l.files, attempts: l.attempts ?? 1, start: t });
    } else if (
      l.msg === 'sync finished' ||
      l.msg?.startsWith('sync interrupted') ||
      l.msg?.startsWith('sync failed') ||
      l.msg?.startsWith('parse errors')
    ) {
      const s = open.get(key);
      if (!s) continue;
      open.delete(key);
      spans.push({ replica, ...s, end: t, result: l.result ?? l.msg.split(';')[0] ?? '' });
    }
  }
  for (const s of open.values()) spans.push({ replica, ...s });
  return spans;
}

/** Runs the replicas until every file is gone from the shares, then stops them with SIGTERM. */
export async function runReplicas(o: ReplicaRunOptions): Promise<ReplicaRunResult> {
  const root = mkdtempSync(join(tmpdir(), 'usesync-replicas-'));
  const products = defaultTenantConfig('T0001TE').smime.products;
  const sim: SimulatorHandle = await startSimulator({
    products: { personal: { name: products.personal }, team: { name: products.team } },
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
  const env = {
    ...process.env,
    USESYNC_KEK: kek,
    USESYNC_SWISSSIGN_URL: sim.url,
    USESYNC_SWISSSIGN_USER: sim.account,
    USESYNC_SWISSSIGN_API_KEY: sim.apiKey.reveal(),
  };
  const children: ChildProcess[] = [];
  const logs: string[][] = [];
  const exits: Promise<number | null>[] = [];
  let killedAt: number | undefined;
  const stop = (c: ChildProcess, signal: NodeJS.Signals) => {
    if (c.exitCode === null && c.signalCode === null) c.kill(signal);
  };
  try {
    for (let i = 1; i <= o.replicas; i++) {
      const dataDir = join(root, `replica-${i}`);
      mkdirSync(join(dataDir, 'tenants'), { recursive: true, mode: 0o700 });
      for (const t of tenants)
        writeFileSync(join(dataDir, 'tenants', `${t}.yaml`), tenantYaml(t, join(root, 'share', t)));
      const config = [
        'dataDir: .',
        ...(o.store ? [`store: ${JSON.stringify(o.store)}`] : []),
        `pollIntervalSeconds: ${o.pollIntervalSeconds ?? 0.25}`,
        'maxParallelTenants: 4',
        'http: { port: 0 }',
        'logLevel: info',
        `coordination: { replicaId: worker-${i}, leaseTtlSeconds: ${o.leaseTtlSeconds} }`,
      ].join('\n');
      writeFileSync(join(dataDir, 'worker.yaml'), `${config}\n`);
      const child = spawn(process.execPath, [WORKER_BIN, '--config', join(dataDir, 'worker.yaml')], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env,
      });
      const lines: string[] = [];
      let buffer = '';
      const onData = (d: Buffer) => {
        buffer += d.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        lines.push(...parts);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      children.push(child);
      logs.push(lines);
      exits.push(new Promise((r) => child.once('exit', (code) => r(code))));
    }
    const deadline = Date.now() + (o.timeoutMs ?? 120_000);
    const first = children[0];
    const firstLog = logs[0] ?? [];
    if (o.killFirstAfterMs !== undefined && first) {
      while (!firstLog.some((l) => l.includes('"msg":"sync started"'))) {
        if (Date.now() > deadline || first.exitCode !== null)
          throw new Error(`worker-1 never started a sync:\n${firstLog.join('\n')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, o.killFirstAfterMs));
      first.kill('SIGKILL');
      killedAt = Date.now();
    }
    const remaining = () =>
      files.filter((f) => existsSync(join(root, 'share', f.tenant, 'use', f.name))).length;
    while (remaining() > 0) {
      if (Date.now() > deadline)
        throw new Error(`${remaining()} files left after the timeout:\n${logs.flat().slice(-40).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const c of children) stop(c, 'SIGTERM');
    const exitCodes = await Promise.all(exits);
    const spans = logs.flatMap((lines, i) => spansOf(i + 1, lines));
    const ends = spans.flatMap((s) => (s.end === undefined ? [] : [s.end]));
    const issueRequests = Object.entries(sim.stats.byRoute)
      .filter(([route]) => /issue/i.test(route))
      .reduce((n, [, c]) => n + c, 0);
    const leftOver = tenants.reduce((n, t) => n + readdirSync(join(root, 'share', t, 'use')).length, 0);
    const returned: ReturnedFile[] = tenants.flatMap((tenant) => {
      const dir = join(root, 'share', tenant, 'return');
      if (!existsSync(dir)) return [];
      return readdirSync(dir).map((name) => {
        const bytes = readFileSync(join(dir, name));
        const content = name.endsWith('.zip') ? zipEntries(bytes).join('\n') : bytes.toString('utf8');
        return { tenant, name, content };
      });
    });
    return {
      returned,
      spans,
      files,
      elapsedMs: Math.max(...ends) - Math.min(...spans.map((s) => s.start)),
      ...(killedAt === undefined ? {} : { killedAt }),
      kek,
      exitCodes,
      leftOver,
      issueRequests,
      logs,
    };
  } finally {
    for (const c of children) stop(c, 'SIGKILL');
    await sim.close();
    rmSync(root, { recursive: true, force: true });
  }
}
