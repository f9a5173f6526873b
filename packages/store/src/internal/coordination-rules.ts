import { randomUUID } from 'node:crypto';
import type { FileClaim, FileClaimState, Lease, TenantId } from '@usesync/domain';
import { checkTenant, checkTtl } from './guards.js';

// Engine-neutral parts of the coordination primitives: argument checks, fresh tokens, and the
// mapping of lease and claim rows. Each decision itself stays one SQL statement per engine.

/** A row read as an object keyed by column name. */
type Fields = Readonly<Record<string, unknown>>;

/**
 * A stored instant as ISO-8601: SQLite keeps milliseconds since the epoch, PostgreSQL a
 * `timestamptz` that the driver returns as a `Date`.
 */
export function instant(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'bigint') return new Date(Number(v)).toISOString();
  return String(v);
}

/** Checks the arguments of a coordination call: the tenant (when given) and the time to live. */
export function checkCoordinationArgs(tenant: TenantId | undefined, ttlMs?: number): void {
  if (tenant !== undefined) checkTenant(tenant);
  if (ttlMs !== undefined) checkTtl(ttlMs);
}

/** A fresh holder token: only the holder of a lease or claim can renew or end it. */
export const newToken = (): string => randomUUID();

/** The lease columns read back. */
export const LEASE_COLUMNS = 'tenant, holder, token, expires_at';

/** A tenant lease from its row. */
export const leaseFromRow = (r: Fields): Lease => ({
  tenant: r.tenant as string,
  holder: r.holder as string,
  token: r.token as string,
  expiresAt: instant(r.expires_at),
});

/** The file-claim columns read back. */
export const CLAIM_COLUMNS = 'tenant, file_name, sha256, holder, token, attempts, expires_at';

/** A file claim from its row. */
export const claimFromRow = (r: Fields): FileClaim => ({
  tenant: r.tenant as string,
  fileName: r.file_name as string,
  sha256: r.sha256 as string,
  holder: r.holder as string,
  token: r.token as string,
  attempts: Number(r.attempts),
  expiresAt: instant(r.expires_at),
});

/** The claim-state columns read back (each engine adds whether it has expired). */
export const CLAIM_STATE_COLUMNS = 'holder, attempts, expires_at, completed_at, outcome';

/** A claim's state from its row; `expired` is decided on the engine's clock. */
export function claimStateFromRow(r: Fields, expired: boolean): FileClaimState {
  const state: { -readonly [K in keyof FileClaimState]: FileClaimState[K] } = {
    status: r.completed_at !== null ? 'completed' : expired ? 'expired' : 'claimed',
    holder: r.holder as string,
    attempts: Number(r.attempts),
    expiresAt: instant(r.expires_at),
  };
  if (r.outcome !== null) state.outcome = r.outcome as string;
  if (r.completed_at !== null) state.completedAt = instant(r.completed_at);
  return state;
}
