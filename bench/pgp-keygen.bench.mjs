// Bulk OpenPGP RSA key generation (@usesync/pgp worker pool) against `openssl genpkey` run in
// parallel, one process per core, measured in the same run on the same machine.
//
//   pnpm --filter @usesync/pgp build && node bench/pgp-keygen.bench.mjs
//
// Env overrides: PGP_BENCH_N2048 (default 16), PGP_BENCH_N4096 (default 8), PGP_BENCH_ROUNDS
// (default 4), PGP_BENCH_WORKERS (default os.availableParallelism()), PGP_BENCH_ENGINES (default
// `node,openpgp`), PGP_BENCH_BITS (default `2048,4096`).
//
// The keys are made in rounds; each round runs every contender on an equal share of the keys, in
// alternating order, so load from other processes drifting during the run hits all of them alike.
//
// One OpenPGP key is a primary key plus an encryption subkey: two RSA moduli, where one
// `openssl genpkey` run makes one. The headline ratio compares keys with keys (what a batch of
// users costs); the per-modulus ratio compares equal amounts of prime search.
import { execFile } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { PgpKeyPool } from '../packages/pgp/dist/index.js';

const env = process.env;
const workers = Number(env.PGP_BENCH_WORKERS ?? availableParallelism());
const engines = (env.PGP_BENCH_ENGINES ?? 'node,openpgp').split(',').map((s) => s.trim());
const sizes = (env.PGP_BENCH_BITS ?? '2048,4096').split(',').map(Number);
const counts = { 2048: Number(env.PGP_BENCH_N2048 ?? 16), 4096: Number(env.PGP_BENCH_N4096 ?? 8) };
const rounds = Number(env.PGP_BENCH_ROUNDS ?? 4);
const now = new Date();

async function timed(fn) {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** `count` runs of `openssl genpkey`, at most `workers` at a time. */
function openssl(bits, count) {
  let started = 0;
  const lane = async () => {
    while (started < count) {
      started++;
      await new Promise((resolve, reject) =>
        execFile(
          'openssl',
          ['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', '/dev/null'],
          (err) => (err ? reject(err) : resolve()),
        ),
      );
    }
  };
  return timed(() => Promise.all(Array.from({ length: workers }, lane)));
}

async function warmPool(engine) {
  const pool = new PgpKeyPool({ size: workers, engine });
  // Start every worker and load openpgp in it before the clock runs.
  await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      pool.generate({ address: `warm${i}@example.com`, name: 'Warm Up', keyType: 'Curve25519', now }),
    ),
  );
  return pool;
}

function batch(pool, bits, count) {
  return timed(() =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        pool.generate({ address: `user${i}@example.com`, name: `User ${i}`, keyLength: bits, now }),
      ),
    ),
  );
}

const rate = (n, s) => (n / s).toFixed(2);
const load = () => loadavg()[0].toFixed(1);
console.log(
  `node ${process.version}, ${availableParallelism()} cores, ${workers} workers/processes, load ${load()}`,
);
const pools = new Map();
for (const engine of engines) pools.set(engine, await warmPool(engine));
try {
  for (const bits of sizes) {
    const n = counts[bits] ?? 8;
    const r = Math.max(1, Math.min(rounds, n));
    const contenders = [
      ['openssl', (k) => openssl(bits, k)],
      ...engines.map((e) => [e, (k) => batch(pools.get(e), bits, k)]),
    ];
    const seconds = new Map(contenders.map(([name]) => [name, 0]));
    for (let i = 0; i < r; i++) {
      const share = Math.floor(n / r) + (i < n % r ? 1 : 0);
      const order = i % 2 === 0 ? contenders : [...contenders].reverse();
      for (const [name, run] of order) seconds.set(name, seconds.get(name) + (await run(share)));
    }
    const base = seconds.get('openssl');
    console.log(
      `RSA-${bits} ×${n} in ${r} rounds: openssl genpkey ${base.toFixed(2)} s, ${rate(n, base)} keys/s`,
    );
    for (const engine of engines) {
      const s = seconds.get(engine);
      const ratio = base / s;
      console.log(
        `RSA-${bits} ×${n}: pgp pool (${engine}) ${s.toFixed(2)} s, ${rate(n, s)} keys/s, ` +
          `ratio ${ratio.toFixed(2)} (target ≥ 0.8), per RSA modulus ${(2 * ratio).toFixed(2)}`,
      );
    }
  }
} finally {
  await Promise.all([...pools.values()].map((p) => p.close()));
}
console.log(`load at end ${load()}`);
