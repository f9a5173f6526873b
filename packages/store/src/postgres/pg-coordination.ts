import type { Coordination, TenantId } from '@usesync/domain';
import type { Pool } from 'pg';
import {
  CLAIM_COLUMNS,
  CLAIM_STATE_COLUMNS,
  checkCoordinationArgs,
  claimFromRow,
  claimStateFromRow,
  LEASE_COLUMNS,
  leaseFromRow,
  newToken,
} from '../internal/coordination-rules.js';
import { normalizeSha256 } from '../internal/journal-codec.js';
import { wrapPgError } from './pg-db.js';

type Row = Record<string, unknown>;

// Every decision is one statement evaluated on the server's clock: replicas with skewed clocks
// agree on expiry, and the row lock of the statement makes the decision exclusive.
const NOW = 'clock_timestamp()';
const UNTIL = (param: string) =>
  `clock_timestamp() + make_interval(secs => ${param}::double precision / 1000)`;
/** The coordination primitives on PostgreSQL; `ready` runs before each call (closed check). */
export function pgCoordination(pool: Pool, ready: () => void): Coordination {
  const q = async (
    op: string,
    sql: string,
    params: readonly unknown[],
  ): Promise<{ rows: Row[]; n: number }> => {
    ready();
    try {
      const r = await pool.query({ text: sql, values: [...params] });
      return { rows: r.rows as Row[], n: r.rowCount ?? 0 };
    } catch (e) {
      throw wrapPgError(op, e);
    }
  };
  const guard = (tenant: TenantId, ttlMs?: number) => checkCoordinationArgs(tenant, ttlMs);

  return {
    tenantLock: {
      async acquire(tenant, holder, ttlMs) {
        guard(tenant, ttlMs);
        const { rows } = await q(
          'acquire a tenant lease',
          `INSERT INTO tenant_leases AS l (tenant, holder, token, acquired_at, expires_at)
           VALUES ($1, $2, $3, ${NOW}, ${UNTIL('$4')})
           ON CONFLICT (tenant) DO UPDATE SET holder = EXCLUDED.holder, token = EXCLUDED.token,
             acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
           WHERE l.expires_at <= ${NOW}
           RETURNING ${LEASE_COLUMNS}`,
          [tenant, holder, newToken(), ttlMs],
        );
        return rows[0] ? leaseFromRow(rows[0]) : undefined;
      },
      async renew(lease, ttlMs) {
        guard(lease.tenant, ttlMs);
        const { rows } = await q(
          'renew a tenant lease',
          `UPDATE tenant_leases SET expires_at = ${UNTIL('$3')} WHERE tenant = $1 AND token = $2
           RETURNING ${LEASE_COLUMNS}`,
          [lease.tenant, lease.token, ttlMs],
        );
        return rows[0] ? leaseFromRow(rows[0]) : undefined;
      },
      async release(lease) {
        guard(lease.tenant);
        const { n } = await q(
          'release a tenant lease',
          'DELETE FROM tenant_leases WHERE tenant = $1 AND token = $2',
          [lease.tenant, lease.token],
        );
        return n > 0;
      },
    },

    fileClaims: {
      async claim(tenant, fileName, sha256, holder, ttlMs) {
        guard(tenant, ttlMs);
        const { rows } = await q(
          'claim a file',
          `INSERT INTO file_claims AS c (tenant, file_name, sha256, holder, token, attempts, claimed_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, 1, ${NOW}, ${UNTIL('$6')})
           ON CONFLICT (tenant, file_name, sha256) DO UPDATE SET holder = EXCLUDED.holder,
             token = EXCLUDED.token, attempts = c.attempts + 1, claimed_at = EXCLUDED.claimed_at,
             expires_at = EXCLUDED.expires_at
           WHERE c.completed_at IS NULL AND c.expires_at <= ${NOW}
           RETURNING ${CLAIM_COLUMNS}`,
          [tenant, fileName, normalizeSha256(sha256), holder, newToken(), ttlMs],
        );
        return rows[0] ? claimFromRow(rows[0]) : undefined;
      },
      async claimAbandoned(holder, ttlMs, tenant) {
        checkCoordinationArgs(tenant, ttlMs);
        // SKIP LOCKED: replicas sweeping at the same moment each take a different abandoned file
        // instead of queueing on the same row.
        const { rows } = await q(
          'take over an abandoned file claim',
          `WITH next AS (
             SELECT tenant, file_name, sha256 FROM file_claims
             WHERE completed_at IS NULL AND expires_at <= ${NOW} AND ($3::text IS NULL OR tenant = $3)
             ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED)
           UPDATE file_claims c SET holder = $1, token = $2, attempts = c.attempts + 1,
             claimed_at = ${NOW}, expires_at = ${UNTIL('$4')}
           FROM next WHERE c.tenant = next.tenant AND c.file_name = next.file_name AND c.sha256 = next.sha256
           RETURNING ${CLAIM_COLUMNS.split(', ')
             .map((c) => `c.${c}`)
             .join(', ')}`,
          [holder, newToken(), tenant ?? null, ttlMs],
        );
        return rows[0] ? claimFromRow(rows[0]) : undefined;
      },
      async renew(claim, ttlMs) {
        guard(claim.tenant, ttlMs);
        const { rows } = await q(
          'renew a file claim',
          `UPDATE file_claims SET expires_at = ${UNTIL('$5')}
           WHERE tenant = $1 AND file_name = $2 AND sha256 = $3 AND token = $4 AND completed_at IS NULL
           RETURNING ${CLAIM_COLUMNS}`,
          [claim.tenant, claim.fileName, claim.sha256, claim.token, ttlMs],
        );
        return rows[0] ? claimFromRow(rows[0]) : undefined;
      },
      async complete(claim, outcome) {
        guard(claim.tenant);
        const { n } = await q(
          'complete a file claim',
          `UPDATE file_claims SET completed_at = ${NOW}, outcome = $5
           WHERE tenant = $1 AND file_name = $2 AND sha256 = $3 AND token = $4 AND completed_at IS NULL`,
          [claim.tenant, claim.fileName, claim.sha256, claim.token, outcome],
        );
        return n > 0;
      },
      async inspect(tenant, fileName, sha256) {
        guard(tenant);
        const { rows } = await q(
          'read a file claim',
          `SELECT ${CLAIM_STATE_COLUMNS}, expires_at <= ${NOW} AS expired
           FROM file_claims WHERE tenant = $1 AND file_name = $2 AND sha256 = $3`,
          [tenant, fileName, normalizeSha256(sha256)],
        );
        const r = rows[0];
        return r ? claimStateFromRow(r, Boolean(r.expired)) : undefined;
      },
    },

    ticks: {
      async claimTick(tenant, job, tick, holder) {
        guard(tenant);
        const { n } = await q(
          'claim a schedule tick',
          `INSERT INTO schedule_ticks (tenant, job, tick, holder, claimed_at) VALUES ($1, $2, $3, $4, ${NOW})
           ON CONFLICT DO NOTHING`,
          [tenant, job, tick, holder],
        );
        return n > 0;
      },
      async pruneTicks(before) {
        const { n } = await q('prune schedule ticks', 'DELETE FROM schedule_ticks WHERE tick < $1', [before]);
        return n;
      },
    },
  };
}
