// Scale-out: files per minute with 1, 2 and 3 real `usesync-worker` processes on one PostgreSQL,
// and with SQLite and 1 worker, side by side in one run. Each file is a whole sync as customers
// get it (check → plan → S/MIME creations ordered at one shared SwissSign simulator on loopback,
// ECDSA-P256 keys → reports → mail to the replica's outbox → pushback → record → delete); the
// replicas are the built binary (apps/worker/bin/usesync-worker.js) run by
// apps/worker/test/support/replicas.ts. Files per minute count from the first sync start to the
// last sync end (process start-up excluded). A throwaway PostgreSQL cluster is started on
// 127.0.0.1 (fsync on, synchronous_commit off — the counterpart of SQLite's synchronous=NORMAL).
//
//   turbo run build --filter=@usesync/worker...
//   node bench/scale-out.bench.mjs          (needs /usr/lib/postgresql/*/bin or USESYNC_TEST_PG_URL)
//
// Env: BENCH_TENANTS (default 12), BENCH_FILES (per tenant, default 5), BENCH_ADDRESSES (per
// file, default 2), BENCH_ORDER_MS (simulated CA time per order, default 0).
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

// Some sibling sources use parameter properties: re-run with full TypeScript transforms.
if (!process.execArgv.includes('--experimental-transform-types')) {
  const r = spawnSync(
    process.execPath,
    ['--experimental-transform-types', '--no-warnings', ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}
await import('../scripts/source-hooks.mjs');
const { runReplicas, workerDistMissing } = await import('../apps/worker/test/support/replicas.ts');
const { pgAvailability, startPgCluster } = await import('../packages/store/test/support/pg-cluster.ts');

const env = process.env;
const tenants = Number(env.BENCH_TENANTS ?? 12);
const filesPerTenant = Number(env.BENCH_FILES ?? 5);
const addressesPerFile = Number(env.BENCH_ADDRESSES ?? 2);
const orderMs = Number(env.BENCH_ORDER_MS ?? 0);
const files = tenants * filesPerTenant;

if (workerDistMissing) {
  console.error(workerDistMissing);
  process.exit(2);
}
const available = pgAvailability();
if (!available.ok) {
  console.error(available.reason);
  process.exit(2);
}
console.log(
  `scale-out: ${tenants} tenants × ${filesPerTenant} files × ${addressesPerFile} S/MIME creations, CA ${orderMs} ms/order; ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}`,
);
const cluster = await startPgCluster({ durable: true });
const rows = [];
async function measure(label, store, workers) {
  const r = await runReplicas({
    ...(store ? { store } : {}),
    replicas: workers,
    tenants,
    filesPerTenant,
    addressesPerFile,
    leaseTtlSeconds: 10,
    pollIntervalSeconds: 0.25,
    orderMs,
    timeoutMs: 600_000,
  });
  const done = r.spans.filter((s) => s.result === 'applied').length;
  if (done !== files || r.leftOver !== 0) throw new Error(`${label}: ${done}/${files} files applied`);
  const perMin = (files / r.elapsedMs) * 60_000;
  rows.push({ label, workers, ms: r.elapsedMs, perMin });
  console.log(
    `  ${label.padEnd(22)} ${String(Math.round(r.elapsedMs)).padStart(7)} ms  ${perMin.toFixed(0).padStart(6)} files/min`,
  );
}
try {
  // SQLite: the worker's default store, the SQLite file of its own data directory.
  await measure('SQLite, 1 worker', undefined, 1);
  for (const n of [1, 2, 3])
    await measure(`PostgreSQL, ${n} worker${n > 1 ? 's' : ''}`, `${cluster.url}?schema=bench${n}`, n);
} finally {
  await cluster.stop();
}
const base = rows[0];
const pg1 = rows[1];
console.log('\n| store | workers | files/min | vs SQLite ×1 | vs PostgreSQL ×1 |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(
    `| ${r.label.split(',')[0]} | ${r.workers} | ${r.perMin.toFixed(0)} | ${(r.perMin / base.perMin).toFixed(2)}× | ${(r.perMin / pg1.perMin).toFixed(2)}× |`,
  );
}
