// Bulk OpenPGP RSA key generation (@usesync/pgp worker pool) against `openssl genpkey` run in
// parallel, one process per core, measured in the same run on the same machine.
//
//   pnpm --filter @usesync/pgp build && node bench/pgp-keygen.mjs
//
// Env overrides: PGP_BENCH_N2048 (default 16), PGP_BENCH_N4096 (default 8), PGP_BENCH_WORKERS
// (default os.availableParallelism()), PGP_BENCH_ENGINES (default `node,openpgp`), PGP_BENCH_BITS
// (default `2048,4096`).
//
// One OpenPGP key is a primary key plus an encryption subkey: two RSA moduli, where one
// `openssl genpkey` run makes one. The headline ratio compares keys with keys (what a batch of
// users costs); the per-modulus ratio compares equal amounts of prime search.
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { PgpKeyPool } from '../packages/pgp/dist/index.js';

const env = process.env;
const workers = Number(env.PGP_BENCH_WORKERS ?? availableParallelism());
const engines = (env.PGP_BENCH_ENGINES ?? 'node,openpgp').split(',').map((s) => s.trim());
const sizes = (env.PGP_BENCH_BITS ?? '2048,4096').split(',').map(Number);
const counts = { 2048: Number(env.PGP_BENCH_N2048 ?? 16), 4096: Number(env.PGP_BENCH_N4096 ?? 8) };
const now = new Date();

async function timed(fn) {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** `count` runs of `openssl genpkey`, at most `workers` at a time. */
async function openssl(bits, count) {
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

async function pool(engine, bits, count) {
  const p = new PgpKeyPool({ size: workers, engine });
  try {
    // Start every worker and load openpgp in it before the clock runs.
    await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        p.generate({ address: `warm${i}@example.com`, name: 'Warm Up', keyType: 'Curve25519', now }),
      ),
    );
    return await timed(() =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          p.generate({ address: `user${i}@example.com`, name: `User ${i}`, keyLength: bits, now }),
        ),
      ),
    );
  } finally {
    await p.close();
  }
}

const rate = (n, s) => (n / s).toFixed(2);
console.log(`node ${process.version}, ${availableParallelism()} cores, ${workers} workers/processes`);
for (const bits of sizes) {
  const n = counts[bits] ?? 8;
  const base = await openssl(bits, n);
  console.log(`RSA-${bits} ×${n}: openssl genpkey ${base.toFixed(2)} s, ${rate(n, base)} keys/s`);
  for (const engine of engines) {
    const s = await pool(engine, bits, n);
    const ratio = base / s;
    console.log(
      `RSA-${bits} ×${n}: pgp pool (${engine}) ${s.toFixed(2)} s, ${rate(n, s)} keys/s, ` +
        `ratio ${ratio.toFixed(2)} (target ≥ 0.8), per RSA modulus ${(2 * ratio).toFixed(2)}`,
    );
  }
}
