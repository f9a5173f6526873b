import type { ArchivedKeyInfo, Secret, TenantId } from '@usesync/domain';
import type { Ctx, Value } from './context.js';
import { listRows } from './records-ops.js';
import { ARCHIVE_COLUMNS, ARCHIVE_LIST, archivedInfoFromRow, archiveValues } from './rows.js';
import {
  archiveConflictError,
  openArchived,
  openPassphrase,
  openRuleSet,
  sealArchive,
  sealPassphrase,
  sealRuleSet,
} from './sealing.js';

// ---- Rule set -------------------------------------------------------------------------------

export function getRuleSet(ctx: Ctx, tenant: TenantId): string {
  const row = ctx.one('SELECT sealed FROM rule_sets WHERE tenant = ?', tenant);
  return row ? openRuleSet(ctx.kek, tenant, row.sealed as Uint8Array) : '';
}

export function setRuleSet(ctx: Ctx, tenant: TenantId, text: string): void {
  ctx
    .stmt('INSERT OR REPLACE INTO rule_sets (tenant, sealed, updated_at) VALUES (?, ?, ?)')
    .run(tenant, sealRuleSet(ctx.kek, tenant, text), ctx.now());
}

// ---- Passphrases ----------------------------------------------------------------------------

export function addPassphrases(ctx: Ctx, tenant: TenantId, passphrases: readonly Secret[]): number {
  const ins = ctx.stmt('INSERT OR IGNORE INTO passphrases (tenant, digest, sealed) VALUES (?, ?, ?)');
  return ctx.atomic(() => {
    let added = 0;
    for (const p of passphrases) {
      const { digest, sealed } = sealPassphrase(ctx.kek, tenant, p);
      added += Number(ins.run(tenant, digest, sealed).changes);
    }
    return added;
  });
}

export function listPassphrases(ctx: Ctx, tenant: TenantId): Secret[] {
  const rows = ctx.all('SELECT digest, sealed FROM passphrases WHERE tenant = ? ORDER BY seq', tenant);
  return rows.map((r) => openPassphrase(ctx.kek, tenant, r.digest as string, r.sealed as Uint8Array));
}

// ---- Private-key archive --------------------------------------------------------------------

export function archiveKey(
  ctx: Ctx,
  tenant: TenantId,
  info: Omit<ArchivedKeyInfo, 'size'>,
  bytes: Uint8Array,
): void {
  const { digest, sealed } = sealArchive(ctx.kek, tenant, info, bytes);
  ctx.atomic(() => {
    const existing = ctx.one(
      'SELECT digest FROM key_archive WHERE tenant = ? AND kind = ? AND reference = ?',
      tenant,
      info.kind,
      info.reference,
    );
    if (existing) {
      if (existing.digest === digest) return;
      throw archiveConflictError(info);
    }
    ctx
      .stmt(`INSERT INTO key_archive (tenant, ${ARCHIVE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(tenant, ...(archiveValues(info, bytes.byteLength, digest, sealed) as Value[]));
  });
}

export function getArchivedKey(
  ctx: Ctx,
  tenant: TenantId,
  kind: ArchivedKeyInfo['kind'],
  reference: string,
): Uint8Array | undefined {
  const row = ctx.one(
    'SELECT sealed FROM key_archive WHERE tenant = ? AND kind = ? AND reference = ?',
    tenant,
    kind,
    reference,
  );
  return row ? openArchived(ctx.kek, tenant, kind, reference, row.sealed as Uint8Array) : undefined;
}

export function listArchivedKeys(ctx: Ctx, tenant: TenantId, address?: string): ArchivedKeyInfo[] {
  return listRows(ctx, ARCHIVE_LIST, tenant, address).map(archivedInfoFromRow);
}
