// The manual's "Full automation" use case, first sync: 500 S/MIME users (certificates ordered at
// the SwissSign simulator on loopback) + 100 PGP users, planned and applied by @usesync/executor
// into a fresh SQLite store. Measured in one run:
//   1. key generation alone (the same keys, same parallelism) — the baseline;
//   2. the full sync with a cold key pool (configured but empty: every key generated on demand);
//   3. filling the key pool with the keys the sync needs (all cores; not part of any sync);
//   4. the full sync with a warm pool. Target: warm ≤ 0.15 × key generation alone.
//
//   pnpm --filter @usesync/executor... --filter @usesync/key-pool build && pnpm bench apply-full-automation
//
// Env: BENCH_SMIME (default 500), BENCH_PGP (default 100), BENCH_SMIME_KEY (default the tenant
// default RSA-3072; e.g. ECDSA-P256), BENCH_PGP_BITS (default 4096), BENCH_CONCURRENCY (default 8),
// BENCH_FILL_THREADS (default all cores).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { defaultTenantConfig } from '../packages/config/dist/index.js';
import { Secret } from '../packages/domain/dist/index.js';
import { applyPlan, checkInputs, planSync, runKeyOf } from '../packages/executor/dist/index.js';
import { KeyPool, kindOfPgpBits, kindOfSmimeAlgorithm } from '../packages/key-pool/dist/index.js';
import { PgpKeyPool } from '../packages/pgp/dist/index.js';
import { KeyEncryptionKey, openSqliteStore } from '../packages/store/dist/index.js';
import { SwissSignClient } from '../packages/swisssign/dist/index.js';
import { generatePrivateKey } from '../packages/x509/dist/index.js';

const env = process.env;
const nSmime = Number(env.BENCH_SMIME ?? 500);
const nPgp = Number(env.BENCH_PGP ?? 100);
const smimeKey = env.BENCH_SMIME_KEY ?? 'RSA-3072';
const pgpBits = Number(env.BENCH_PGP_BITS ?? 4096);
const concurrency = Number(env.BENCH_CONCURRENCY ?? 8);
const fillThreads = Number(env.BENCH_FILL_THREADS ?? availableParallelism());
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

/** A fresh data directory's store with a key pool; `warm`: filled first with every key the sync needs. */
async function freshStore(warm) {
  const dir = mkdtempSync(join(tmpdir(), 'usesync-bench-'));
  const store = openSqliteStore({ file: join(dir, 'usesync.db'), kek: KeyEncryptionKey.generate() });
  const keyPool = new KeyPool({ store: store.keyPool });
  let fill;
  if (warm) {
    const count = { [kindOfSmimeAlgorithm(smimeKey)]: nSmime };
    const pgpKind = kindOfPgpBits(pgpBits);
    if (pgpKind) count[pgpKind] = (count[pgpKind] ?? 0) + 2 * nPgp;
    // Normal priority here: the bench waits for the fill (a worker fills at the lowest priority).
    fill = await keyPool.fill({ count, budget: { threads: fillThreads, priority: 0 } });
  }
  return { dir, store, keyPool, fill };
}

/**
 * The SwissSign simulator in its own process, as the real CA is another machine: its certificate
 * signing is not usesync's work and must not share the sync's event loop.
 */
async function startSimProcess() {
  const entry = new URL('../packages/swisssign/dist/index.js', import.meta.url).href;
  const code = `
    import { startSimulator } from ${JSON.stringify(entry)};
    const sim = await startSimulator({ progression: { polls: 0 } });
    const { url, account, products } = sim;
    process.stdout.write(JSON.stringify({ url, account, apiKey: sim.apiKey.reveal(), products }) + '\\n');
    process.stdin.resume();
    process.stdin.on('end', () => sim.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = await once(lines, 'line');
  const info = JSON.parse(line);
  return {
    ...info,
    apiKey: new Secret(info.apiKey),
    close: async () => {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}

async function fullSync({ dir, store, keyPool }) {
  const sim = await startSimProcess();
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
    outcome = await applyPlan({ store, ca, pgp, keyPool }, config, plan, {
      now,
      runKey: runKeyOf(inputs),
      concurrency,
    });
  });
  const bad = outcome.results.filter((r) => r.status !== 'done');
  const ledger = (await store.listLedger('12345TE')).length;
  const orders = outcome.results.filter((r) => r.orderRef !== undefined).length;
  await pgp.close();
  await store.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  if (bad.length > 0)
    throw new Error(`${bad.length} actions did not succeed: ${JSON.stringify(bad.slice(0, 3))}`);
  const { hits, misses } = keyPool.counters;
  const sum = (byKind) => Object.values(byKind).reduce((a, b) => a + b, 0);
  return {
    ms,
    ledger,
    orders,
    hits: sum(hits.smime) + sum(hits.pgp),
    misses: sum(misses.smime) + sum(misses.pgp),
  };
}

console.log(
  `apply, first sync: ${nSmime} S/MIME (${smimeKey}) + ${nPgp} PGP (RSA-${pgpBits}); ${availableParallelism()} cores, concurrency ${concurrency}, load ${loadavg()[0].toFixed(1)}`,
);
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const keygen = await keygenOnly();
console.log(`key generation alone: ${s(keygen)} (baseline 1.00×)`);
const cold = await fullSync(await freshStore(false));
console.log(
  `full sync, cold pool (${cold.orders} CA orders, ${cold.ledger} ledger rows, ${cold.hits} hits / ${cold.misses} misses): ${s(cold.ms)} (${(cold.ms / keygen).toFixed(2)}×)`,
);
const warmStore = await freshStore(true);
const added = Object.values(warmStore.fill.added).reduce((a, b) => a + b, 0);
console.log(
  `pool fill, off the sync path (${added} keys, ${fillThreads} threads): ${s(warmStore.fill.ms)} (${(warmStore.fill.ms / keygen).toFixed(2)}×)`,
);
const warm = await fullSync(warmStore);
console.log(
  `full sync, warm pool (${warm.orders} CA orders, ${warm.ledger} ledger rows, ${warm.hits} hits / ${warm.misses} misses): ${s(warm.ms)} (${(warm.ms / keygen).toFixed(2)}×)`,
);
console.log(
  `ratio warm / key generation: ${(warm.ms / keygen).toFixed(2)}× (target ≤ 0.15×); cold / key generation ${(cold.ms / keygen).toFixed(2)}×, load ${loadavg()[0].toFixed(1)}`,
);
