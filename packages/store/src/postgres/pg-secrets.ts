import type { ArchivedKeyInfo, Secret, TenantId } from '@usesync/domain';
import { ARCHIVE_COLUMNS, ARCHIVE_LIST, archivedInfoFromRow, archiveValues } from '../internal/rows.js';
import {
  archiveConflictError,
  openArchived,
  openPassphrase,
  openRuleSet,
  sealArchive,
  sealPassphrase,
  sealRuleSet,
} from '../internal/sealing.js';
import type { Db } from './pg-db.js';
import { listRows } from './pg-keys.js';

// The same sealing as the SQLite store (sealing.ts): a value moved between engines by a
// dump-and-load opens with the same key.

export async function getRuleSet(db: Db, tenant: TenantId): Promise<string> {
  const row = await db.one<{ sealed: Buffer }>('SELECT sealed FROM rule_sets WHERE tenant = $1', [tenant]);
  return row ? openRuleSet(db.kek, tenant, row.sealed) : '';
}

export async function setRuleSet(db: Db, tenant: TenantId, text: string): Promise<void> {
  await db.count(
    `INSERT INTO rule_sets (tenant, sealed, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (tenant) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = EXCLUDED.updated_at`,
    [tenant, sealRuleSet(db.kek, tenant, text), db.now()],
  );
}

export async function addPassphrases(
  db: Db,
  tenant: TenantId,
  passphrases: readonly Secret[],
): Promise<number> {
  return db.atomic(async () => {
    let added = 0;
    for (const p of passphrases) {
      const { digest, sealed } = sealPassphrase(db.kek, tenant, p);
      added += await db.count(
        'INSERT INTO passphrases (tenant, digest, sealed) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [tenant, digest, sealed],
      );
    }
    return added;
  });
}

export async function listPassphrases(db: Db, tenant: TenantId): Promise<Secret[]> {
  const rows = await db.rows<{ digest: string; sealed: Buffer }>(
    'SELECT digest, sealed FROM passphrases WHERE tenant = $1 ORDER BY seq',
    [tenant],
  );
  return rows.map((r) => openPassphrase(db.kek, tenant, r.digest, r.sealed));
}

export async function archiveKey(
  db: Db,
  tenant: TenantId,
  info: Omit<ArchivedKeyInfo, 'size'>,
  bytes: Uint8Array,
): Promise<void> {
  const { digest, sealed } = sealArchive(db.kek, tenant, info, bytes);
  // Insert first, compare after: two replicas archiving at once cannot both win.
  const inserted = await db.count(
    `INSERT INTO key_archive (tenant, ${ARCHIVE_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [tenant, ...archiveValues(info, bytes.byteLength, digest, sealed)],
  );
  if (inserted > 0) return;
  const existing = await db.one<{ digest: string }>(
    'SELECT digest FROM key_archive WHERE tenant = $1 AND kind = $2 AND reference = $3',
    [tenant, info.kind, info.reference],
  );
  if (existing?.digest === digest) return;
  throw archiveConflictError(info);
}

export async function getArchivedKey(
  db: Db,
  tenant: TenantId,
  kind: ArchivedKeyInfo['kind'],
  reference: string,
): Promise<Uint8Array | undefined> {
  const row = await db.one<{ sealed: Buffer }>(
    'SELECT sealed FROM key_archive WHERE tenant = $1 AND kind = $2 AND reference = $3',
    [tenant, kind, reference],
  );
  return row ? openArchived(db.kek, tenant, kind, reference, row.sealed) : undefined;
}

export async function listArchivedKeys(
  db: Db,
  tenant: TenantId,
  address?: string,
): Promise<ArchivedKeyInfo[]> {
  return (await listRows(db, ARCHIVE_LIST, tenant, address)).map(archivedInfoFromRow);
}
