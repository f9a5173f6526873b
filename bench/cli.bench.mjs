#!/usr/bin/env node
// Start-up of the `usesync` command, whole process (spawn to exit), against `node -e 0` measured
// in the same run: `usesync --help` (target ≤ 2.5×) and `usesync validate` of a 2-line file.
// Rounds are interleaved (baseline, help, validate, …) so load on the machine hits all alike;
// the median of each is reported. With and without Node's compile cache (the binary enables it).
// Usage: node bench/cli.bench.mjs   (after `pnpm build`; a number argument changes the 21 rounds)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'apps/cli/bin/usesync.js');
if (!existsSync(join(root, 'apps/cli/dist/index.js'))) {
  console.error('cli.bench: apps/cli/dist is missing; run `pnpm build` first');
  process.exit(1);
}
const rounds = Number(process.argv[2] ?? 21);
const dir = mkdtempSync(join(tmpdir(), 'usesync-cli-bench-'));
const file = join(dir, '12345TE_use_import_2026-01-01_0000.useimport');
writeFileSync(file, 'pgp-state:a@company.com;name:A;keystate:1\n#####\n');
const cache = join(dir, 'compile-cache');

const cases = [
  { name: 'node -e 0', args: ['-e', '0'], ok: 0 },
  { name: 'usesync --help', args: [bin, '--help'], ok: 0 },
  { name: 'usesync validate (2 lines)', args: [bin, 'validate', file], ok: 0 },
];

function once(args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, err: r.stderr.toString() };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function measure(label, env) {
  for (const c of cases) {
    const r = once(c.args, env); // warm-up (and fills the compile cache)
    if (r.status !== c.ok) throw new Error(`${c.name} exited ${r.status}: ${r.err}`);
  }
  const times = cases.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (const [k, c] of cases.entries()) times[k].push(once(c.args, env).ms);
  }
  const base = median(times[0]);
  console.log(`\n${label}: median of ${rounds} interleaved rounds, whole process`);
  console.log(`${'command'.padEnd(30)} ${'ms'.padStart(8)} ${'× node -e 0'.padStart(12)}`);
  cases.forEach((c, k) => {
    const m = median(times[k]);
    console.log(`${c.name.padEnd(30)} ${m.toFixed(1).padStart(8)} ${(m / base).toFixed(2).padStart(11)}×`);
  });
  return median(times[1]) / base;
}

const env = { ...process.env, NODE_COMPILE_CACHE: cache };
delete env.NODE_DISABLE_COMPILE_CACHE;
const ratio = measure('compile cache on (as installed)', env);
measure('compile cache off (NODE_DISABLE_COMPILE_CACHE=1, first run after install)', {
  ...process.env,
  NODE_DISABLE_COMPILE_CACHE: '1',
});
console.log(
  `\nusesync --help: ${ratio.toFixed(2)}× node -e 0 (target ≤ 2.5×): ${ratio <= 2.5 ? 'met' : 'NOT met'}`,
);
rmSync(dir, { recursive: true, force: true });
