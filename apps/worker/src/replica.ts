import { hostname } from 'node:os';
import type {
  CoordinatedStore,
  FileClaim,
  FileClaims,
  ScheduleTicks,
  Store,
  TenantLock as StoreTenantLock,
} from '@usesync/domain';
import { openStore } from '@usesync/executor';
import { keepLeases, openStoreFromUrl, parseStoreLocation } from '@usesync/store';
import { storeLocationOf, type WorkerConfig } from './config.js';
import { InProcessTenantLock, type TenantLock } from './tenant-lock.js';

/**
 * What a replica needs from the store's coordination besides the tenant lease: who it is, how
 * long its leases and claims live, file claims (exactly-once processing) and schedule ticks
 * (a WatchDog cycle once per tick across replicas).
 */
export interface ReplicaCoordination {
  /** This replica in leases, claims and logs. */
  readonly holder: string;
  readonly ttlMs: number;
  readonly fileClaims: FileClaims;
  readonly ticks: ScheduleTicks;
}

/** The worker's store and how the replica coordinates through it. */
export interface WorkerStore {
  readonly store: Store;
  readonly engine: 'sqlite' | 'postgres';
  /** The tenant lock: store leases when shared, else within this process. */
  readonly lock: TenantLock;
  /** Present when coordination is shared through the store. */
  readonly replica?: ReplicaCoordination;
}

/**
 * Opens the store the configuration names (see `storeLocationOf`): the data directory's SQLite
 * file exactly as a single worker always did, or any location `openStoreFromUrl` understands.
 * With shared coordination (default for PostgreSQL) the tenant lock is a store lease kept alive
 * in the background, whose loss aborts the running sync.
 */
export async function openWorkerStore(
  wc: WorkerConfig,
  env: Readonly<Record<string, string | undefined>>,
): Promise<WorkerStore> {
  const where = storeLocationOf(wc, env);
  const engine = parseStoreLocation(where.location).engine;
  const store = where.explicit
    ? await openStoreFromUrl(where.location, { env, dataDir: wc.dataDir })
    : openStore(wc.dataDir, env);
  const shared = wc.coordination.shared ?? engine === 'postgres';
  const coordination = 'coordination' in store ? (store as CoordinatedStore).coordination : undefined;
  if (!shared || !coordination) return { store, engine, lock: new InProcessTenantLock() };
  const replica: ReplicaCoordination = {
    holder: wc.coordination.replicaId ?? `${hostname()}:${process.pid}`,
    ttlMs: Math.round(wc.coordination.leaseTtlSeconds * 1000),
    fileClaims: coordination.fileClaims,
    ticks: coordination.ticks,
  };
  return { store, engine, lock: leaseTenantLock(coordination.tenantLock, replica), replica };
}

/** A {@link TenantLock} on store leases: renewed every ttl/3, the lease's `signal` aborts when lost. */
export function leaseTenantLock(
  lock: StoreTenantLock,
  options: { readonly holder: string; readonly ttlMs: number },
): TenantLock {
  const keeper = keepLeases(lock, { holder: options.holder, ttlMs: options.ttlMs });
  return {
    async tryAcquire(tenant) {
      const kept = await keeper.tryAcquire(tenant);
      return kept ? { signal: kept.signal, release: () => kept.release() } : undefined;
    },
  };
}

/** The claims on the files of one sync, renewed until completed or stopped. */
export interface HeldClaims {
  /** The highest attempt among the files (2 or more: taken over from a replica that died). */
  readonly attempts: number;
  /** Aborts when a claim was lost (not renewable before its expiry). */
  readonly signal: AbortSignal;
  /** Stops renewing and marks every file done; false when a claim had been lost. */
  complete(outcome: string): Promise<boolean>;
  /** Stops renewing without completing (the claims expire; the next holder resumes). */
  stop(): void;
}

/**
 * Claims the files of one sync. Undefined when one of them is claimed by a live replica or
 * completed already; claims granted before that one expire unrenewed.
 */
export async function holdClaims(
  rc: ReplicaCoordination,
  tenant: string,
  files: readonly { readonly name: string; readonly sha256: string }[],
): Promise<HeldClaims | undefined> {
  const claims: FileClaim[] = [];
  for (const f of files) {
    const c = await rc.fileClaims.claim(tenant, f.name, f.sha256, rc.holder, rc.ttlMs);
    if (!c) return undefined;
    claims.push(c);
  }
  const lost = new AbortController();
  let renewing = false;
  const timer = setInterval(
    async () => {
      if (renewing || lost.signal.aborted) return;
      renewing = true;
      try {
        for (const [i, c] of claims.entries()) {
          try {
            const next = await rc.fileClaims.renew(c, rc.ttlMs);
            if (next) claims[i] = next;
            else lost.abort(new Error(`claim on ${c.fileName} lost`));
          } catch {
            if (Date.now() >= Date.parse(c.expiresAt))
              lost.abort(new Error(`claim on ${c.fileName} expired`));
          }
        }
      } finally {
        renewing = false;
      }
    },
    Math.max(1, Math.floor(rc.ttlMs / 3)),
  );
  timer.unref?.();
  const stop = () => clearInterval(timer);
  return {
    attempts: Math.max(...claims.map((c) => c.attempts)),
    signal: lost.signal,
    stop,
    async complete(outcome) {
      stop();
      let all = true;
      for (const c of claims) all = (await rc.fileClaims.complete(c, outcome)) && all;
      return all;
    },
  };
}
