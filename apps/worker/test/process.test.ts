// The built worker as a child process: SIGTERM, and SIGKILL in the middle of a sync.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@usesync/executor';
import { afterEach, describe, expect, test } from 'vitest';
import { makeDataDir, TENANT } from './helpers.js';

const BIN = new URL('../bin/usesync-worker.js', import.meta.url).pathname;
const DIST = new URL('../dist/cli.js', import.meta.url).pathname;
const distMissing = existsSync(DIST)
  ? undefined
  : 'apps/worker/dist is absent: process tests skipped (run `pnpm --filter @usesync/worker... build`; the root `pnpm test` builds first)';
if (distMissing) console.warn(distMissing);

const ADDRESSES = ['a1', 'a2', 'a3', 'a4'].map((a) => `${a}@company.com`);
const IMPORT = `${ADDRESSES.map((a) => `smime-state:${a};name:Team ${a};keystate:1;teamcert:1`).join('\n')}\n#####\n`;

interface Running {
  child: ChildProcess;
  lines: string[];
  exit: Promise<number | null>;
  waitFor(msg: string, timeoutMs?: number): Promise<void>;
}

function run(config: string): Running {
  const child = spawn(process.execPath, [BIN, '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffer = '';
  const waiters: { msg: string; resolve: () => void }[] = [];
  const onData = (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      for (const w of waiters) if (l.includes(`"msg":"${w.msg}`)) w.resolve();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    lines,
    exit,
    waitFor: (msg, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        if (lines.some((l) => l.includes(`"msg":"${msg}`))) return resolve();
        const t = setTimeout(
          () => reject(new Error(`no "${msg}" within ${timeoutMs} ms:\n${lines.join('\n')}`)),
          timeoutMs,
        );
        waiters.push({
          msg,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
      }),
  };
}

describe.skipIf(distMissing !== undefined)('usesync-worker as a process', () => {
  const cleanups: (() => void)[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const c of cleanups.splice(0)) c();
  });

  async function setUp(simulator: object) {
    const { dataDir, cleanup } = await makeDataDir();
    cleanups.push(cleanup);
    const config = join(dataDir, 'worker.yaml');
    writeFileSync(
      config,
      `dataDir: .\npollIntervalSeconds: 0.2\nhttp:\n  port: 0\nlogLevel: debug\nsimulator: ${JSON.stringify(simulator)}\n`,
    );
    mkdirSync(join(dataDir, 'share', 'use'), { recursive: true });
    return { dataDir, config };
  }

  test('SIGTERM during a sync: the sync finishes, the worker exits 0, no action is left half-applied', async () => {
    const { dataDir, config } = await setUp({ orderPolls: 1000, orderMs: 1500 });
    writeFileSync(join(dataDir, 'share', 'use', `${TENANT}_term.useimport`), IMPORT);
    const w = run(config);
    children.push(w.child);
    await w.waitFor('planned');
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    expect(w.lines.join('\n')).toContain('"msg":"sync finished"');
    expect(w.lines.join('\n')).toContain('"msg":"worker stopped"');
    const store = openStore(dataDir, {}, true);
    try {
      const [last] = await store.listRuns(TENANT, 1);
      expect(last?.status).toBe('succeeded');
      const actions = await store.listActions(TENANT, last?.id ?? '');
      expect(actions.every((a) => a.state === 'completed')).toBe(true);
    } finally {
      await store.close();
    }
  });

  test('SIGKILL in the middle of a sync, restart: the sync completes and nothing is ordered twice', async () => {
    const { dataDir, config } = await setUp({ orderPolls: 1000, orderMs: 2500 });
    writeFileSync(join(dataDir, 'share', 'use', `${TENANT}_kill.useimport`), IMPORT);
    const first = run(config);
    children.push(first.child);
    await first.waitFor('planned');
    await new Promise((r) => setTimeout(r, 700)); // the orders are placed, the worker waits for them
    first.child.kill('SIGKILL');
    await first.exit;
    const state = JSON.parse(readFileSync(join(dataDir, 'swisssign-sim.json'), 'utf8')) as {
      orders: unknown[];
    };
    const placedBeforeKill = state.orders.length;
    expect(readdirSync(join(dataDir, 'share', 'use'))).toEqual([`${TENANT}_kill.useimport`]);

    const second = run(config);
    children.push(second.child);
    await second.waitFor('sync finished', 60_000);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    expect(readdirSync(join(dataDir, 'share', 'use'))).toEqual([]);
    const after = JSON.parse(readFileSync(join(dataDir, 'swisssign-sim.json'), 'utf8')) as {
      orders: unknown[];
    };
    expect(after.orders).toHaveLength(ADDRESSES.length);
    const store = openStore(dataDir, {}, true);
    try {
      const ledger = await store.listLedger(TENANT);
      expect(ledger).toHaveLength(ADDRESSES.length);
      expect(new Set(ledger.map((l) => l.idempotencyKey)).size).toBe(ADDRESSES.length);
      const certs = await store.listCertificates(TENANT);
      expect(certs.map((c) => c.address).sort()).toEqual(ADDRESSES);
      expect(await store.wasProcessed(TENANT, `${TENANT}_kill.useimport`)).toBeDefined();
    } finally {
      await store.close();
    }
    console.info(
      `SIGKILL test: ${placedBeforeKill} of ${ADDRESSES.length} orders were placed before the kill`,
    );
  });
});
