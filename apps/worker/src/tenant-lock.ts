/** A held lock; release it exactly once. */
export interface TenantLease {
  /** Aborts when the lock was lost while held (a store lease not renewed in time): stop the sync. */
  readonly signal?: AbortSignal;
  release(): Promise<void>;
}

/**
 * One sync per tenant at a time. The worker holds the lease for a whole sync (or WatchDog cycle).
 * The in-process implementation serves a single worker; `leaseTenantLock` (store leases, e.g.
 * on PostgreSQL) takes its place for several replicas.
 */
export interface TenantLock {
  /** The lease, or undefined when the tenant is busy (the caller tries again next poll). */
  tryAcquire(tenant: string): Promise<TenantLease | undefined>;
}

/** A {@link TenantLock} within one process. */
export class InProcessTenantLock implements TenantLock {
  readonly #held = new Set<string>();

  async tryAcquire(tenant: string): Promise<TenantLease | undefined> {
    if (this.#held.has(tenant)) return undefined;
    this.#held.add(tenant);
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        this.#held.delete(tenant);
      },
    };
  }

  /** Tenants currently locked. */
  held(): string[] {
    return [...this.#held].sort();
  }
}
