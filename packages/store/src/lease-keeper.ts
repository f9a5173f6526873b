import type { Lease, TenantId, TenantLock } from '@usesync/domain';

/** A lease kept alive in the background until released or lost. */
export interface KeptLease {
  /** The lease as last renewed. */
  readonly lease: Lease;
  /** Aborts when the lease is lost (taken over after expiry, or not renewable before it). */
  readonly signal: AbortSignal;
  /** Stops renewing and gives the lease up (once; later calls do nothing). */
  release(): Promise<void>;
}

/** Options of {@link keepLeases}. */
export interface LeaseKeeperOptions {
  /** Who holds the leases, e.g. `worker-2:4711`. */
  readonly holder: string;
  readonly ttlMs: number;
  /** How often to renew (default a third of the time to live). */
  readonly renewEveryMs?: number;
  /** Clock (default `Date.now`): a lease that could not be renewed is given up at its expiry. */
  readonly now?: () => number;
}

/**
 * Wraps a {@link TenantLock} for a worker: `tryAcquire(tenant)` takes the lease and renews it every
 * `renewEveryMs` until `release()`. Its `signal` aborts as soon as a renewal says the lease is
 * gone, or when renewals kept failing (database unreachable) until the lease's expiry — stop the
 * sync then (the next holder resumes it from the journal).
 */
export function keepLeases(
  lock: TenantLock,
  options: LeaseKeeperOptions,
): { tryAcquire(tenant: TenantId): Promise<KeptLease | undefined> } {
  const now = options.now ?? Date.now;
  const every = options.renewEveryMs ?? Math.max(1, Math.floor(options.ttlMs / 3));
  return {
    async tryAcquire(tenant) {
      const first = await lock.acquire(tenant, options.holder, options.ttlMs);
      if (!first) return undefined;
      let current = first;
      const lost = new AbortController();
      let renewing = false;
      const timer = setInterval(async () => {
        if (renewing || lost.signal.aborted) return;
        renewing = true;
        try {
          const next = await lock.renew(current, options.ttlMs);
          if (next) current = next;
          else lost.abort(new Error(`lease of ${tenant} lost`));
        } catch {
          if (now() >= Date.parse(current.expiresAt)) lost.abort(new Error(`lease of ${tenant} expired`));
        } finally {
          renewing = false;
        }
      }, every);
      timer.unref?.();
      let released = false;
      return {
        get lease() {
          return current;
        },
        signal: lost.signal,
        async release() {
          if (released) return;
          released = true;
          clearInterval(timer);
          if (!lost.signal.aborted) await lock.release(current).catch(() => false);
        },
      };
    },
  };
}
