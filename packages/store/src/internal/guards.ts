import { isValidTenantId, type TenantId, UsesyncError } from '@usesync/domain';

/** Refuses a tenant id that is not letters and digits (`STORE_INVALID_TENANT`). */
export function checkTenant(tenant: TenantId): void {
  if (typeof tenant !== 'string' || !isValidTenantId(tenant)) {
    throw new UsesyncError(
      'STORE_INVALID_TENANT',
      `Cannot use tenant ${JSON.stringify(tenant)}: expected letters and digits`,
    );
  }
}

/** The error of a call on a closed store. */
export function closedError(): UsesyncError {
  return new UsesyncError('STORE_CLOSED', 'Cannot use the store: it was closed');
}

/** The error of a call on the outer store from inside its own transaction. */
export function deadlockError(): UsesyncError {
  return new UsesyncError(
    'STORE_TX_DEADLOCK',
    'Cannot use the store inside its own transaction: use the transaction handle passed to the callback',
  );
}

/** The error of a transaction handle used for another tenant. */
export function tenantMismatchError(t: TenantId, tenant: TenantId): UsesyncError {
  return new UsesyncError(
    'STORE_TENANT_MISMATCH',
    `Cannot use tenant ${t} inside a transaction of tenant ${tenant}`,
  );
}

/** The error of a transaction handle used after its transaction ended. */
export function txEndedError(): UsesyncError {
  return new UsesyncError('STORE_TX_ENDED', 'Cannot use a transaction after it ended');
}

/** Checks a time to live in milliseconds (a positive integer up to a day). */
export function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0 || ttlMs > 86_400_000) {
    throw new UsesyncError(
      'COORD_INVALID_TTL',
      `Cannot use the time to live ${ttlMs}: expected 1 ms to 24 h`,
    );
  }
}

/** The error of `close` called on a transaction handle. */
export function txCloseError(): UsesyncError {
  return new UsesyncError('STORE_TX_CLOSE', 'Cannot close the store from inside a transaction');
}

/**
 * The error of opening a store whose schema is not the one this build needs (`where` names the
 * store, e.g. `read-only` or `at <url>`), or undefined when it is.
 */
export function schemaVersionError(found: number, needed: number, where: string): UsesyncError | undefined {
  if (found === needed) return undefined;
  return new UsesyncError(
    found < needed ? 'STORE_SCHEMA_OUTDATED' : 'STORE_SCHEMA_NEWER',
    `Cannot open the store ${where}: its schema is at version ${found}, this usesync needs ${needed}`,
  );
}

/**
 * Checks a call on a transaction handle: the transaction still runs (`STORE_TX_ENDED`) and the
 * tenant is the transaction's own (`STORE_TENANT_MISMATCH`).
 */
export function checkTxTenant(active: boolean, t: TenantId, tenant: TenantId): void {
  if (!active) throw txEndedError();
  checkTenant(t);
  if (t !== tenant) throw tenantMismatchError(t, tenant);
}
