/**
 * Coordination between worker replicas that share one store: a per-tenant lease (one sync per
 * tenant at a time), file claims (each uploaded file processed exactly once) and schedule ticks
 * (a WatchDog cycle runs once per tick across all replicas).
 *
 * Implementations keep their state in the store's database (PostgreSQL: the server's clock and row
 * locks; SQLite: a lease table in the same file), so a replica that dies — even by SIGKILL — holds
 * nothing forever: its leases and claims expire after their time to live. Times are ISO-8601 UTC.
 */
import type { TenantId } from './records.js';
import type { Store } from './store-port.js';

/** A held per-tenant lease. Pass it back unchanged to renew or release it. */
export interface Lease {
  readonly tenant: TenantId;
  /** Who holds it (e.g. `worker-2:pid-4711`), for logs and diagnosis. */
  readonly holder: string;
  /** Unique per acquisition: a renewal or release with an old token does nothing. */
  readonly token: string;
  readonly expiresAt: string;
}

/**
 * One sync per tenant at a time, across processes. A lease is not re-entrant: acquiring a tenant
 * whose lease is live fails even for the same holder. Hold it by renewing well before expiry
 * (e.g. every ttl/3); stop working on the tenant when a renewal fails.
 */
export interface TenantLock {
  /** Takes the tenant's lease for `ttlMs`, or undefined while another live lease exists. */
  acquire(tenant: TenantId, holder: string, ttlMs: number): Promise<Lease | undefined>;
  /** Extends a lease still held (same token) to `ttlMs` from now; undefined when it was lost. */
  renew(lease: Lease, ttlMs: number): Promise<Lease | undefined>;
  /** Gives the lease up; false when it was no longer held. */
  release(lease: Lease): Promise<boolean>;
}

/** A held claim on one uploaded file (identified by tenant, name and content hash). */
export interface FileClaim {
  readonly tenant: TenantId;
  readonly fileName: string;
  /** Lower-case hex SHA-256 of the content. */
  readonly sha256: string;
  readonly holder: string;
  readonly token: string;
  /** 1 for the first claim, more after an expired claim was taken over. */
  readonly attempts: number;
  readonly expiresAt: string;
}

/** What is known about a file's claim. */
export interface FileClaimState {
  readonly status: 'claimed' | 'expired' | 'completed';
  readonly holder: string;
  readonly attempts: number;
  readonly expiresAt: string;
  readonly outcome?: string;
  readonly completedAt?: string;
}

/**
 * Exactly-once processing of uploaded files across replicas. A file is identified by tenant, name
 * and content hash: the same name with other content is another file (the worker refuses it as a
 * re-upload through the processed-files ledger — once). A completed claim is never granted again.
 */
export interface FileClaims {
  /**
   * Claims a file for `ttlMs`: granted when nobody claimed it, or when the previous claim expired
   * unfinished (its holder died); undefined while another live claim exists or once completed.
   */
  claim(
    tenant: TenantId,
    fileName: string,
    sha256: string,
    holder: string,
    ttlMs: number,
  ): Promise<FileClaim | undefined>;
  /**
   * Takes over the oldest expired, unfinished claim (of one tenant, or of any when omitted)
   * without waiting on claims other replicas are taking over at the same moment.
   */
  claimAbandoned(holder: string, ttlMs: number, tenant?: TenantId): Promise<FileClaim | undefined>;
  /** Extends a claim still held; undefined when it was lost. */
  renew(claim: FileClaim, ttlMs: number): Promise<FileClaim | undefined>;
  /** Marks the file done with its outcome; false when the claim was lost (nothing recorded). */
  complete(claim: FileClaim, outcome: string): Promise<boolean>;
  /** The claim's state, or undefined when the file was never claimed. */
  inspect(tenant: TenantId, fileName: string, sha256: string): Promise<FileClaimState | undefined>;
}

/** "Once per schedule tick" across replicas, e.g. the WatchDog's cron schedule. */
export interface ScheduleTicks {
  /**
   * True for exactly one caller per (tenant, job, tick), false for every other. `tick` is the
   * scheduled time (ISO-8601) that every replica computes alike from the schedule. A winner that
   * dies before running loses that tick; the next tick runs as usual.
   */
  claimTick(tenant: TenantId, job: string, tick: string, holder: string): Promise<boolean>;
  /** Forgets ticks scheduled before `before` (ISO-8601); returns how many. */
  pruneTicks(before: string): Promise<number>;
}

/** The three primitives, backed by one store's database. */
export interface Coordination {
  readonly tenantLock: TenantLock;
  readonly fileClaims: FileClaims;
  readonly ticks: ScheduleTicks;
}

/** A store that also offers the coordination primitives, on the same database. */
export interface CoordinatedStore extends Store {
  readonly coordination: Coordination;
}
