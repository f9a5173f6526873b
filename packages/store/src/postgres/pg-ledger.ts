import type { LedgerEntry, ProcessedFile, TenantId } from '@usesync/domain';
import type { Db } from './pg-db.js';

type Row = Record<string, unknown>;

// Both ledgers are insert-once (ON CONFLICT DO NOTHING): replicas racing on one key agree on
// the first row.

// ---- Ledger ---------------------------------------------------------------------------------

const LEDGER_COLUMNS = 'idempotency_key, address, order_ref, product, kind, at, serial';

function ledgerFromRow(r: Row): LedgerEntry {
  const e: { -readonly [K in keyof LedgerEntry]: LedgerEntry[K] } = {
    idempotencyKey: r.idempotency_key as string,
    address: r.address as string,
    orderRef: r.order_ref as string,
    product: r.product as string,
    kind: r.kind as LedgerEntry['kind'],
    at: r.at as string,
  };
  if (r.serial !== null) e.serial = r.serial as string;
  return e;
}

export async function recordLedgerEntry(
  db: Db,
  tenant: TenantId,
  entry: LedgerEntry,
): Promise<{ entry: LedgerEntry; created: boolean }> {
  return db.atomic(async () => {
    const created = await db.count(
      `INSERT INTO ledger (tenant, ${LEDGER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        tenant,
        entry.idempotencyKey,
        entry.address,
        entry.orderRef,
        entry.product,
        entry.kind,
        entry.at,
        entry.serial ?? null,
      ],
    );
    if (created === 0 && entry.serial !== undefined) {
      await db.count(
        'UPDATE ledger SET serial = $1 WHERE tenant = $2 AND idempotency_key = $3 AND serial IS NULL',
        [entry.serial, tenant, entry.idempotencyKey],
      );
    }
    const row = (await db.one(
      `SELECT ${LEDGER_COLUMNS} FROM ledger WHERE tenant = $1 AND idempotency_key = $2`,
      [tenant, entry.idempotencyKey],
    )) as Row;
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
  const r = await db.one(
    'SELECT name, sha256, outcome, processed_at FROM processed_files WHERE tenant = $1 AND name = $2',
    [tenant, name],
  );
  return r
    ? {
        name: r.name as string,
        sha256: r.sha256 as string,
        outcome: r.outcome as string,
        processedAt: r.processed_at as string,
      }
    : undefined;
}

export async function recordProcessed(
  db: Db,
  tenant: TenantId,
  name: string,
  sha256: string,
  outcome: string,
): Promise<{ file: ProcessedFile; created: boolean }> {
  const created = await db.count(
    'INSERT INTO processed_files (tenant, name, sha256, outcome, processed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
    [tenant, name, sha256.toLowerCase(), outcome, db.now()],
  );
  return { file: (await wasProcessed(db, tenant, name)) as ProcessedFile, created: created > 0 };
}
