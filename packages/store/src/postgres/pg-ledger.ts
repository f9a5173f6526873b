import type { LedgerEntry, ProcessedFile, TenantId } from '@usesync/domain';
import {
  LEDGER_COLUMNS,
  ledgerFromRow,
  ledgerValues,
  normalizeSha256,
  PROCESSED_COLUMNS,
  processedFromRow,
} from '../internal/journal-codec.js';
import type { Db } from './pg-db.js';

// Both ledgers are insert-once (ON CONFLICT DO NOTHING): replicas racing on one key agree on
// the first row.

// ---- Ledger ---------------------------------------------------------------------------------

export async function recordLedgerEntry(
  db: Db,
  tenant: TenantId,
  entry: LedgerEntry,
): Promise<{ entry: LedgerEntry; created: boolean }> {
  return db.atomic(async () => {
    const created = await db.count(
      `INSERT INTO ledger (tenant, ${LEDGER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [tenant, ...ledgerValues(entry)],
    );
    if (created === 0 && entry.serial !== undefined) {
      await db.count(
        'UPDATE ledger SET serial = $1 WHERE tenant = $2 AND idempotency_key = $3 AND serial IS NULL',
        [entry.serial, tenant, entry.idempotencyKey],
      );
    }
    // The row exists: inserted above, or already there.
    const row = (await db.one(
      `SELECT ${LEDGER_COLUMNS} FROM ledger WHERE tenant = $1 AND idempotency_key = $2`,
      [tenant, entry.idempotencyKey],
    )) as Record<string, unknown>;
    return { entry: ledgerFromRow(row), created: created > 0 };
  });
}

export async function listLedger(db: Db, tenant: TenantId): Promise<LedgerEntry[]> {
  return (await db.rows(`SELECT ${LEDGER_COLUMNS} FROM ledger WHERE tenant = $1 ORDER BY seq`, [tenant])).map(
    ledgerFromRow,
  );
}

// ---- Processed files ------------------------------------------------------------------------

export async function wasProcessed(
  db: Db,
  tenant: TenantId,
  name: string,
): Promise<ProcessedFile | undefined> {
  const r = await db.one(`SELECT ${PROCESSED_COLUMNS} FROM processed_files WHERE tenant = $1 AND name = $2`, [
    tenant,
    name,
  ]);
  return r ? processedFromRow(r) : undefined;
}

export async function recordProcessed(
  db: Db,
  tenant: TenantId,
  name: string,
  sha256: string,
  outcome: string,
): Promise<{ file: ProcessedFile; created: boolean }> {
  const created = await db.count(
    `INSERT INTO processed_files (tenant, ${PROCESSED_COLUMNS}) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [tenant, name, normalizeSha256(sha256), outcome, db.now()],
  );
  return { file: (await wasProcessed(db, tenant, name)) as ProcessedFile, created: created > 0 };
}
