// A minimal stand-in worker replica for the scale-out test and benchmark (run as a child process
// through packages/store/test/support/ts-child.mjs). The real worker (src/worker.ts) opens a
// SQLite store from its data directory and has no PostgreSQL setting yet, so this loop wires the
// same executor steps (checkInputs → planSync → applyPlan → recordProcessed) to a store opened by
// URL and to the coordination primitives: a tenant lease held for the whole poll of a tenant
// (`keepLeases` renews it every ttl/3; a lost lease aborts the sync between actions), a file
// claim per file,
// the processed-files ledger. Every sync start and end goes to an events file (one JSON line
// each, O_APPEND) for the test's checks. Argument: the JSON of ScaleWorkerArgs.
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTenantConfig, type TenantConfig } from '@usesync/config';
import type { FileClaim } from '@usesync/domain';
import { Secret } from '@usesync/domain';
import { applyPlan, checkInputs, planSync, runKeyOf } from '@usesync/executor';
import { KeyEncryptionKey, keepLeases, openStoreFromUrl } from '@usesync/store';
import { SwissSignClient } from '@usesync/swisssign';

/** What the parent passes (as JSON in argv). */
export interface ScaleWorkerArgs {
  readonly id: string;
  readonly location: string;
  readonly kek: string;
  readonly shareRoot: string;
  readonly tenants: readonly string[];
  readonly ca: {
    readonly baseUrl: string;
    readonly account: string;
    readonly apiKey: string;
    readonly products: { readonly personal: string; readonly team: string };
  };
  readonly ttlMs: number;
  readonly eventsFile: string;
  /** Exit once every use/ folder has been empty this long. */
  readonly idleExitMs: number;
}

const args = JSON.parse(process.argv[3] ?? '{}') as ScaleWorkerArgs;
const holder = `${args.id}:${process.pid}`;
const event = (e: Record<string, unknown>) =>
  appendFileSync(
    args.eventsFile,
    `${JSON.stringify({ worker: args.id, pid: process.pid, t: Date.now(), ...e })}\n`,
  );

const store = await openStoreFromUrl(args.location, {
  kek: KeyEncryptionKey.fromBase64(args.kek),
  poolSize: 4,
});
const { tenantLock, fileClaims } = store.coordination;
const leases = keepLeases(tenantLock, { holder, ttlMs: args.ttlMs });
const ca = new SwissSignClient({
  baseUrl: args.ca.baseUrl,
  userName: args.ca.account,
  apiKey: new Secret(args.ca.apiKey),
  products: args.ca.products,
  rateLimit: false,
  poll: { initialDelayMs: 20, maxDelayMs: 100, maxWaitMs: 60_000 },
});
const configs = new Map<string, TenantConfig>(
  args.tenants.map((t) => {
    const base = defaultTenantConfig(t);
    return [t, { ...base, smime: { ...base.smime, keyAlgorithm: 'ECDSA-P256', products: args.ca.products } }];
  }),
);

/** Processes every file of one tenant's use/ folder under its lease; returns how many. */
async function pollTenant(tenant: string): Promise<number> {
  const useDir = join(args.shareRoot, tenant, 'use');
  const names = readdirSync(useDir)
    .filter((n) => n.endsWith('.useimport'))
    .sort();
  if (names.length === 0) return 0;
  const kept = await leases.tryAcquire(tenant);
  if (!kept) return 0;
  const lost = kept.signal;
  // The claim of the file being processed is renewed with the lease (same time to live).
  let claim: FileClaim | undefined;
  const renew = setInterval(async () => {
    if (claim) claim = (await fileClaims.renew(claim, args.ttlMs).catch(() => undefined)) ?? claim;
  }, args.ttlMs / 3);
  let done = 0;
  try {
    for (const name of names) {
      if (lost.aborted) break;
      const path = join(useDir, name);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        continue; // removed by the replica that held the lease before
      }
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (await store.wasProcessed(tenant, name)) {
        rmSync(path, { force: true });
        continue;
      }
      claim = await fileClaims.claim(tenant, name, sha, holder, args.ttlMs);
      if (!claim) continue;
      event({ kind: 'start', tenant, file: name, attempts: claim.attempts });
      const config = configs.get(tenant) as TenantConfig;
      const inputs = checkInputs([{ name, bytes }]);
      const now = new Date();
      const plan = await planSync(store, config, inputs, { now });
      const outcome = await applyPlan({ store, ca }, config, plan, inputs, {
        now,
        runKey: runKeyOf(inputs),
        signal: lost,
      });
      if (lost.aborted) break; // the lease is gone: the next holder resumes the run
      const failed = outcome.results.filter((r) => r.status !== 'done').length;
      const result = failed === 0 ? 'applied' : 'partial';
      await store.recordProcessed(tenant, name, sha, result);
      await fileClaims.complete(claim, result);
      claim = undefined;
      const failures = outcome.results
        .filter((r) => r.status !== 'done')
        .map((r) => `${r.status}: ${r.message ?? ''}`);
      event({
        kind: 'end',
        tenant,
        file: name,
        result,
        actions: outcome.results.length,
        ...(failed ? { failures } : {}),
      });
      rmSync(path, { force: true });
      done++;
    }
  } finally {
    clearInterval(renew);
    await kept.release();
  }
  return done;
}

let idleSince = Date.now();
event({ kind: 'ready' });
while (Date.now() - idleSince < args.idleExitMs) {
  let found = 0;
  // Each replica walks the tenants from its own offset, so they spread out at once.
  const offset = Number(args.id.replace(/\D/g, '') || 0) * 7;
  const order = args.tenants.map((_, i, all) => all[(i + offset) % all.length] as string);
  for (const tenant of order) found += await pollTenant(tenant);
  const remaining = args.tenants.some((t) =>
    readdirSync(join(args.shareRoot, t, 'use')).some((n) => n.endsWith('.useimport')),
  );
  // Files held by another replica (or a dead one, until its lease expires) keep everyone polling.
  if (found > 0 || remaining) idleSince = Date.now();
  if (found === 0) await new Promise((r) => setTimeout(r, 50));
}
event({ kind: 'exit' });
await store.close();
