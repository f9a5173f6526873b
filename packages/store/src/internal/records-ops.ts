import type {
  CertificateRecord,
  GroupRecord,
  PgpKeyRecord,
  SwissSignUserRecord,
  TenantId,
} from '@usesync/domain';
import { normalizeAddress } from '@usesync/domain';
import type { ArrayRow, Ctx, Value } from './context.js';
import {
  assembleGroups,
  CERT_COLUMNS,
  CERT_LIST,
  type Cells,
  certFromRow,
  certValues,
  groupMembers,
  type ListSql,
  listQuery,
  PGP_COLUMNS,
  PGP_LIST,
  pgpFromRow,
  pgpValues,
  SWISSSIGN_USER_COLUMNS,
  SWISSSIGN_USER_LIST,
  swissSignUserFromRow,
  swissSignUserValues,
} from './rows.js';

// SQLite binds no booleans.
const bool = (b: boolean) => (b ? 1 : 0);
const values = (v: readonly unknown[]) => v as Value[];

/** A tenant's listing in array mode (several times faster than objects for bulk reads). */
export function listRows(
  ctx: Ctx,
  spec: ListSql,
  tenant: TenantId,
  address?: string,
  material = true,
): Cells[] {
  const q = listQuery(spec, material, tenant, address, () => '?');
  return ctx.rows(q.sql).all(...values(q.params)) as unknown as ArrayRow[];
}

// ---- PGP keys -------------------------------------------------------------------------------

export function putPgpKeys(ctx: Ctx, tenant: TenantId, keys: readonly PgpKeyRecord[]): void {
  const ins = ctx.stmt(
    `INSERT OR REPLACE INTO pgp_keys (tenant, ${PGP_COLUMNS}, address_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const mat = ctx.stmt(
    'INSERT OR REPLACE INTO pgp_key_material (tenant, fingerprint, public_key) VALUES (?, ?, ?)',
  );
  ctx.atomic(() => {
    for (const k of keys) {
      ins.run(tenant, ...values(pgpValues(k)));
      mat.run(tenant, k.fingerprint, k.publicKeyArmored);
    }
  });
}

export function markPgpKeyDeleted(ctx: Ctx, tenant: TenantId, fingerprint: string): boolean {
  const r = ctx
    .stmt("UPDATE pgp_keys SET status = 'deleted' WHERE tenant = ? AND fingerprint = ? AND status = 'active'")
    .run(tenant, fingerprint);
  return Number(r.changes) > 0;
}

export function listPgpKeys(ctx: Ctx, tenant: TenantId, address?: string, material = true): PgpKeyRecord[] {
  return listRows(ctx, PGP_LIST, tenant, address, material).map(pgpFromRow);
}

// ---- Certificates ---------------------------------------------------------------------------

export function putCertificates(ctx: Ctx, tenant: TenantId, certs: readonly CertificateRecord[]): void {
  const ins = ctx.stmt(
    `INSERT OR REPLACE INTO certificates (tenant, ${CERT_COLUMNS}, address_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const mat = ctx.stmt(
    'INSERT OR REPLACE INTO certificate_material (tenant, serial, certificate_pem) VALUES (?, ?, ?)',
  );
  ctx.atomic(() => {
    for (const c of certs) {
      ins.run(tenant, ...values(certValues(c, bool)));
      mat.run(tenant, c.serial, c.certificatePem);
    }
  });
}

export function markCertificateRevoked(
  ctx: Ctx,
  tenant: TenantId,
  serial: string,
  reason: string,
  at: string,
): boolean {
  const r = ctx
    .stmt(
      `UPDATE certificates SET status = 'revoked', revoked_at = ?, revocation_reason = ?
       WHERE tenant = ? AND serial = ? AND status = 'active'`,
    )
    .run(at, reason, tenant, serial);
  return Number(r.changes) > 0;
}

export function listCertificates(
  ctx: Ctx,
  tenant: TenantId,
  address?: string,
  material = true,
): CertificateRecord[] {
  return listRows(ctx, CERT_LIST, tenant, address, material).map(certFromRow);
}

// ---- Groups ---------------------------------------------------------------------------------

export function setGroupMembers(ctx: Ctx, tenant: TenantId, group: string, members: readonly string[]): void {
  const sorted = groupMembers(members);
  ctx.atomic(() => {
    ctx.stmt('INSERT OR IGNORE INTO groups (tenant, name) VALUES (?, ?)').run(tenant, group);
    ctx.stmt('DELETE FROM group_members WHERE tenant = ? AND group_name = ?').run(tenant, group);
    const ins = ctx.stmt('INSERT INTO group_members (tenant, group_name, member) VALUES (?, ?, ?)');
    for (const m of sorted) ins.run(tenant, group, m);
  });
}

export function deleteGroup(ctx: Ctx, tenant: TenantId, group: string): boolean {
  return ctx.atomic(() => {
    ctx.stmt('DELETE FROM group_members WHERE tenant = ? AND group_name = ?').run(tenant, group);
    return (
      Number(ctx.stmt('DELETE FROM groups WHERE tenant = ? AND name = ?').run(tenant, group).changes) > 0
    );
  });
}

export function listGroups(ctx: Ctx, tenant: TenantId): GroupRecord[] {
  const names = ctx.all('SELECT name FROM groups WHERE tenant = ? ORDER BY name', tenant);
  const members = ctx
    .rows('SELECT group_name, member FROM group_members WHERE tenant = ? ORDER BY group_name, member')
    .all(tenant) as unknown as ArrayRow[];
  return assembleGroups(
    names.map((r) => r.name as string),
    members,
  );
}

// ---- swisssign-users ------------------------------------------------------------------------

export function putSwissSignUsers(ctx: Ctx, tenant: TenantId, users: readonly SwissSignUserRecord[]): void {
  const ins = ctx.stmt(
    `INSERT OR REPLACE INTO swisssign_users (tenant, ${SWISSSIGN_USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  ctx.atomic(() => {
    for (const u of users) ins.run(tenant, ...values(swissSignUserValues(u, bool)));
  });
}

export function removeSwissSignUser(ctx: Ctx, tenant: TenantId, address: string): boolean {
  const r = ctx
    .stmt('DELETE FROM swisssign_users WHERE tenant = ? AND address_key = ?')
    .run(tenant, normalizeAddress(address));
  return Number(r.changes) > 0;
}

export function listSwissSignUsers(ctx: Ctx, tenant: TenantId): SwissSignUserRecord[] {
  const rows = ctx
    .rows(`${SWISSSIGN_USER_LIST} WHERE tenant = ? ORDER BY address_key`)
    .all(tenant) as unknown as ArrayRow[];
  return rows.map(swissSignUserFromRow);
}
