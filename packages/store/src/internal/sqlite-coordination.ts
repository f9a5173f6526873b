import type { Coordination, TenantId } from '@usesync/domain';
import type { Ctx, Row } from './context.js';
import {
  CLAIM_COLUMNS,
  CLAIM_STATE_COLUMNS,
  checkCoordinationArgs,
  claimFromRow,
  claimStateFromRow,
  LEASE_COLUMNS,
  leaseFromRow,
  newToken,
} from './coordination-rules.js';
import { normalizeSha256 } from './journal-codec.js';

/** Waits for a running store transaction (one connection), checks the store is open. */
export type CoordinationEnter = () => Promise<void>;

/**
 * The coordination primitives on the SQLite store's connection: the same lease/claim/tick rows
 * as PostgreSQL, each decision one statement (atomic under SQLite's write lock, so processes on
 * one host sharing the file agree too). `clock` gives milliseconds since the epoch.
 */
export function sqliteCoordination(ctx: Ctx, enter: CoordinationEnter, clock: () => number): Coordination {
  const call = async <T>(tenant: TenantId | undefined, ttlMs: number | undefined, f: (now: number) => T) => {
    checkCoordinationArgs(tenant, ttlMs);
    await enter();
    return f(clock());
  };
  return {
    tenantLock: {
      acquire: (tenant, holder, ttlMs) =>
        call(tenant, ttlMs, (now) => {
          const r = ctx.one(
            `INSERT INTO tenant_leases (tenant, holder, token, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (tenant) DO UPDATE SET holder = excluded.holder, token = excluded.token,
                 acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
               WHERE tenant_leases.expires_at <= ?
               RETURNING ${LEASE_COLUMNS}`,
            tenant,
            holder,
            newToken(),
            now,
            now + ttlMs,
            now,
          );
          return r ? leaseFromRow(r) : undefined;
        }),
      renew: (lease, ttlMs) =>
        call(lease.tenant, ttlMs, (now) => {
          const r = ctx.one(
            `UPDATE tenant_leases SET expires_at = ? WHERE tenant = ? AND token = ? RETURNING ${LEASE_COLUMNS}`,
            now + ttlMs,
            lease.tenant,
            lease.token,
          );
          return r ? leaseFromRow(r) : undefined;
        }),
      release: (lease) =>
        call(lease.tenant, undefined, () => {
          const r = ctx
            .stmt('DELETE FROM tenant_leases WHERE tenant = ? AND token = ?')
            .run(lease.tenant, lease.token);
          return Number(r.changes) > 0;
        }),
    },
    fileClaims: {
      claim: (tenant, fileName, sha256, holder, ttlMs) =>
        call(tenant, ttlMs, (now) => {
          const r = ctx
            .stmt(
              `INSERT INTO file_claims (tenant, file_name, sha256, holder, token, attempts, claimed_at, expires_at)
               VALUES (?, ?, ?, ?, ?, 1, ?, ?)
               ON CONFLICT (tenant, file_name, sha256) DO UPDATE SET holder = excluded.holder,
                 token = excluded.token, attempts = file_claims.attempts + 1,
                 claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
               WHERE file_claims.completed_at IS NULL AND file_claims.expires_at <= ?
               RETURNING ${CLAIM_COLUMNS}`,
            )
            .get(tenant, fileName, normalizeSha256(sha256), holder, newToken(), now, now + ttlMs, now) as
            | Row
            | undefined;
          return r ? claimFromRow(r) : undefined;
        }),
      claimAbandoned: (holder, ttlMs, tenant) =>
        call(tenant, ttlMs, (now) => {
          const r = ctx
            .stmt(
              `UPDATE file_claims SET holder = ?, token = ?, attempts = attempts + 1, claimed_at = ?, expires_at = ?
               WHERE rowid = (SELECT rowid FROM file_claims
                 WHERE completed_at IS NULL AND expires_at <= ? AND (? IS NULL OR tenant = ?)
                 ORDER BY expires_at LIMIT 1)
               RETURNING ${CLAIM_COLUMNS}`,
            )
            .get(holder, newToken(), now, now + ttlMs, now, tenant ?? null, tenant ?? null) as
            | Row
            | undefined;
          return r ? claimFromRow(r) : undefined;
        }),
      renew: (claim, ttlMs) =>
        call(claim.tenant, ttlMs, (now) => {
          const r = ctx.one(
            `UPDATE file_claims SET expires_at = ?
               WHERE tenant = ? AND file_name = ? AND sha256 = ? AND token = ? AND completed_at IS NULL
               RETURNING ${CLAIM_COLUMNS}`,
            now + ttlMs,
            claim.tenant,
            claim.fileName,
            claim.sha256,
            claim.token,
          );
          return r ? claimFromRow(r) : undefined;
        }),
      complete: (claim, outcome) =>
        call(claim.tenant, undefined, (now) => {
          const r = ctx
            .stmt(
              `UPDATE file_claims SET completed_at = ?, outcome = ?
               WHERE tenant = ? AND file_name = ? AND sha256 = ? AND token = ? AND completed_at IS NULL`,
            )
            .run(now, outcome, claim.tenant, claim.fileName, claim.sha256, claim.token);
          return Number(r.changes) > 0;
        }),
      inspect: (tenant, fileName, sha256) =>
        call(tenant, undefined, (now) => {
          const r = ctx.one(
            `SELECT ${CLAIM_STATE_COLUMNS} FROM file_claims
               WHERE tenant = ? AND file_name = ? AND sha256 = ?`,
            tenant,
            fileName,
            normalizeSha256(sha256),
          );
          return r ? claimStateFromRow(r, Number(r.expires_at) <= now) : undefined;
        }),
    },
    ticks: {
      claimTick: (tenant, job, tick, holder) =>
        call(tenant, undefined, (now) => {
          const r = ctx
            .stmt(
              'INSERT INTO schedule_ticks (tenant, job, tick, holder, claimed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
            )
            .run(tenant, job, tick, holder, now);
          return Number(r.changes) > 0;
        }),
      pruneTicks: (before) =>
        call(undefined, undefined, () =>
          Number(ctx.stmt('DELETE FROM schedule_ticks WHERE tick < ?').run(before).changes),
        ),
    },
  };
}
