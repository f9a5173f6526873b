import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDataDirStore } from '@usesync/store';
import { type SimulatorHandle, startSimulator } from '@usesync/swisssign';
import { describe, expect, test } from 'vitest';
import { run, tempDir, writeIn } from './helpers.js';

const CHILD = new URL('./fixtures/run-cli-from-source.mjs', import.meta.url).pathname;
const USERS = 50;
const RUNS = 10;

/** 50 S/MIME users: every third a team certificate, the others personal. */
function file(): string {
  const lines: string[] = [];
  for (let i = 0; i < USERS; i++) {
    lines.push(
      i % 3 === 0
        ? `smime-state:team${i}@company.com;name:Team ${i};keystate:1;teamcert:1`
        : `smime-state:user${i}@company.com;name:User Number${i};firstname:User;lastname:Number${i};keystate:1;teamcert:0`,
    );
  }
  return `${lines.join('\n')}\n#####\n`;
}

/** A small seeded PRNG (mulberry32), so the kill points are reproducible. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function startApply(data: string, env: Record<string, string>, path: string, json = false): ChildProcess {
  const args = [
    '--experimental-transform-types',
    '--no-warnings',
    CHILD,
    'apply',
    '--data',
    data,
    ...(json ? ['--json'] : []),
    path,
  ];
  return spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', json ? 'pipe' : 'ignore', 'ignore'],
  });
}

/** Runs a child to its end; its stdout (JSON outcome) explains a non-zero exit. */
async function complete(
  data: string,
  env: Record<string, string>,
  path: string,
): Promise<{ code: number | null; out: string }> {
  const child = startApply(data, env, path, true);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const code = await exited(child);
  return { code, out };
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.once('exit', (code) => resolve(code)));

const startSim = (): Promise<SimulatorHandle> =>
  startSimulator({
    progression: { polls: 0 },
    products: { personal: { name: 'personal' }, team: { name: 'team' } },
  });

describe('crash safety of apply', () => {
  test(`SIGKILL at random points, ${RUNS} times: a re-run completes, one certificate per address, one ledger row and one order per address`, async () => {
    const random = prng(20261127);
    const kills: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // A fresh CA per round: its order count is the number of billable orders of this round.
      const sim = await startSim();
      const env = {
        USESYNC_SWISSSIGN_URL: sim.url,
        USESYNC_SWISSSIGN_USER: sim.account,
        USESYNC_SWISSSIGN_API_KEY: sim.apiKey.reveal(),
      };
      const data = tempDir('usesync-crash-');
      expect((await run(['init', '--data', data, '--tenant', '12345TE'])).code).toBe(0);
      const cfg = join(data, 'tenants', '12345TE.yaml');
      writeFileSync(
        cfg,
        readFileSync(cfg, 'utf8').replace('keyAlgorithm: RSA-3072', 'keyAlgorithm: ECDSA-P256'),
      );
      const path = writeIn(data, '12345TE_use_import_2026-11-27_1600.useimport', file());
      // Kill somewhere between module loading and the end of the ordering (≈ 1.5–4 s here).
      const delay = Math.round(800 + random() * 3500);
      kills.push(delay);
      const child = startApply(data, env, path);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      await exited(child);
      clearTimeout(timer);
      const rerun = await complete(data, env, path);
      const failures =
        rerun.code === 0
          ? ''
          : JSON.stringify(
              (JSON.parse(rerun.out) as { results: { status: string }[] }).results.filter(
                (r) => r.status !== 'done',
              ),
            );
      expect(rerun.code, `re-run after a kill at ${delay} ms: ${failures}`).toBe(0);
      const store = openDataDirStore({ dataDir: data, readOnly: true, env: {} });
      try {
        const certs = await store.listCertificates('12345TE');
        const active = new Map<string, number>();
        for (const c of certs)
          if (c.status === 'active') active.set(c.address, (active.get(c.address) ?? 0) + 1);
        expect(active.size, `kill at ${delay} ms`).toBe(USERS);
        expect(
          [...active.values()].every((n) => n === 1),
          `kill at ${delay} ms`,
        ).toBe(true);
        const ledger = await store.listLedger('12345TE');
        expect(ledger, `kill at ${delay} ms`).toHaveLength(USERS);
        expect(new Set(ledger.map((l) => l.address)).size).toBe(USERS);
      } finally {
        await store.close();
      }
      expect(sim.orders(), `orders after a kill at ${delay} ms`).toHaveLength(USERS);
      await sim.close();
    }
    expect(kills).toHaveLength(RUNS);
  }, 600_000);
});
