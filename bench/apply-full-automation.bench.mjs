// The manual's "Full automation" use case, first sync: 500 S/MIME users (certificates ordered at
// the SwissSign simulator on loopback) + 100 PGP users, planned and applied by @usesync/executor
// into a fresh SQLite store — against key generation alone (the same keys, same parallelism),
// measured in the same run. Target: total ≤ 1.25 × key generation.
//
//   pnpm --filter @usesync/executor... build && node bench/apply-full-automation.bench.mjs
//
// Env: BENCH_SMIME (default 500), BENCH_PGP (default 100), BENCH_SMIME_KEY (default the tenant
// default RSA-3072; e.g. ECDSA-P256), BENCH_PGP_BITS (default 4096), BENCH_CONCURRENCY (default 8).
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTenantConfig } from '../packages/config/dist/index.js';
import { applyPlan, checkInputs, planSync, runKeyOf } from '../packages/executor/dist/index.js';
import { PgpKeyPool } from '../packages/pgp/dist/index.js';
import { KeyEncryptionKey, openSqliteStore } from '../packages/store/dist/index.js';
import { SwissSignClient, startSimulator } from '../packages/swisssign/dist/index.js';
import { generatePrivateKey } from '../packages/x509/dist/index.js';

const env = process.env;
const nSmime = Number(env.BENCH_SMIME ?? 500);
const nPgp = Number(env.BENCH_PGP ?? 100);
const smimeKey = env.BENCH_SMIME_KEY ?? 'RSA-3072';
const pgpBits = Number(env.BENCH_PGP_BITS ?? 4096);
const concurrency = Number(env.BENCH_CONCURRENCY ?? 8);
const X509_SPEC = {
  'RSA-2048': 'RSA-2048',
  'RSA-3072': 'RSA-3072',
  'RSA-4096': 'RSA-4096',
  'ECDSA-P256': 'EC-P256',
  'ECDSA-P384': 'EC-P384',
};
const now = new Date();

function file() {
  const lines = [];
  for (let i = 0; i < nPgp; i++)
    lines.push(`pgp-state:pgp${i}@company.com;name:Pgp User${i};keystate:1;keylength:${pgpBits}`);
  for (let i = 0; i < nSmime; i++) {
    lines.push(
      i % 5 === 0
        ? `smime-state:team${i}@company.com;name:Team ${i};keystate:1;teamcert:1`
        : `smime-state:user${i}@company.com;name:User Number${i};firstname:User;lastname:Number${i};keystate:1;teamcert:0`,
    );
  }
  return `${lines.join('\n')}\n#####\n`;
}

async function pool(n, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Key generation alone: the PGP keys on the worker pool, then the S/MIME keys, as the executor orders them. */
async function keygenOnly() {
  const pgp = new PgpKeyPool();
  const ms = await timed(async () => {
    await Promise.all(
      Array.from({ length: nPgp }, (_, i) =>
        pgp.generate({ address: `pgp${i}@company.com`, name: `Pgp User${i}`, keyLength: pgpBits, now }),
      ),
    );
    await pool(nSmime, concurrency, () => generatePrivateKey(X509_SPEC[smimeKey]));
  });
  await pgp.close();
  return ms;
}

async function fullSync() {
  const dir = mkdtempSync(join(tmpdir(), 'usesync-bench-'));
  const sim = await startSimulator({ progression: { polls: 0 } });
  const store = openSqliteStore({ file: join(dir, 'usesync.db'), kek: KeyEncryptionKey.generate() });
  const pgp = new PgpKeyPool();
  const base = defaultTenantConfig('12345TE');
  const config = {
    ...base,
    pgp: { ...base.pgp, defaultKeyLength: pgpBits },
    smime: {
      ...base.smime,
      keyAlgorithm: smimeKey,
      maxLiveCertificates: Math.max(1000, nSmime),
      products: { personal: sim.products.personal.name, team: sim.products.team.name },
    },
    revocationGuard: base.revocationGuard,
  };
  const ca = new SwissSignClient({
    baseUrl: sim.url,
    userName: sim.account,
    apiKey: sim.apiKey,
    products: config.smime.products,
    rateLimit: false,
    poll: { initialDelayMs: 10, maxDelayMs: 200, maxWaitMs: 60_000 },
  });
  let outcome;
  const ms = await timed(async () => {
    const inputs = checkInputs([
      { name: '12345TE_use_import_bench.useimport', bytes: new TextEncoder().encode(file()) },
    ]);
    const plan = await planSync(store, config, inputs, { now });
    outcome = await applyPlan({ store, ca, pgp }, config, plan, inputs, {
      now,
      runKey: runKeyOf(inputs),
      concurrency,
    });
  });
  const bad = outcome.results.filter((r) => r.status !== 'done');
  const ledger = (await store.listLedger('12345TE')).length;
  await pgp.close();
  await store.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  if (bad.length > 0)
    throw new Error(`${bad.length} actions did not succeed: ${JSON.stringify(bad.slice(0, 3))}`);
  return { ms, ledger, orders: sim.orders().length };
}

console.log(
  `apply, first sync: ${nSmime} S/MIME (${smimeKey}) + ${nPgp} PGP (RSA-${pgpBits}); ${availableParallelism()} cores, concurrency ${concurrency}, load ${loadavg()[0].toFixed(1)}`,
);
const keygen = await keygenOnly();
const full = await fullSync();
const keygen2 = await keygenOnly();
const baseline = (keygen + keygen2) / 2;
console.log(
  `key generation alone: ${(keygen / 1000).toFixed(1)} s, ${(keygen2 / 1000).toFixed(1)} s (mean ${(baseline / 1000).toFixed(1)} s)`,
);
console.log(
  `full sync (plan + apply, ${full.orders} CA orders, ${full.ledger} ledger rows): ${(full.ms / 1000).toFixed(1)} s`,
);
console.log(
  `ratio full / key generation: ${(full.ms / baseline).toFixed(2)}× (target ≤ 1.25×), load ${loadavg()[0].toFixed(1)}`,
);
