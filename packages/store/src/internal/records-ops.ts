import type {
  CertificateRecord,
  GroupRecord,
  PgpKeyRecord,
  SwissSignUserRecord,
  TenantId,
} from '@usesync/domain';
import { normalizeAddress } from '@usesync/domain';
import type { Ctx, Row } from './context.js';

// ---- PGP keys -------------------------------------------------------------------------------

const PGP_COLUMNS = 'fingerprint, address, algorithm, bits, user_id, created, expires, status, origin';

function pgpFromRow(r: Row): PgpKeyRecord {
  return {
    address: r.address as string,
    fingerprint: r.fingerprint as string,
    algorithm: r.algorithm as string,
    bits: Number(r.bits),
    userId: r.user_id as string,
    created: r.created as string,
    expires: (r.expires as string | null) ?? null,
    status: r.status as PgpKeyRecord['status'],
    origin: r.origin as PgpKeyRecord['origin'],
    publicKeyArmored: r.public_key as string,
  };
}

export function putPgpKeys(ctx: Ctx, tenant: TenantId, keys: readonly PgpKeyRecord[]): void {
  const ins = ctx.stmt(
    `INSERT OR REPLACE INTO pgp_keys (tenant, ${PGP_COLUMNS}, address_key, public_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  ctx.atomic(() => {
    for (const k of keys) {
      ins.run(
        tenant,
        k.fingerprint,
        k.address,
        k.algorithm,
        k.bits,
        k.userId,
        k.created,
        k.expires,
        k.status,
        k.origin,
        normalizeAddress(k.address),
        k.publicKeyArmored,
      );
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
  const pk = material ? 'public_key' : "'' AS public_key";
  const order = 'ORDER BY address_key, created, fingerprint';
  const rows =
    address === undefined
      ? ctx.stmt(`SELECT ${PGP_COLUMNS}, ${pk} FROM pgp_keys WHERE tenant = ? ${order}`).all(tenant)
      : ctx
          .stmt(`SELECT ${PGP_COLUMNS}, ${pk} FROM pgp_keys WHERE tenant = ? AND address_key = ? ${order}`)
          .all(tenant, normalizeAddress(address));
  return (rows as Row[]).map(pgpFromRow);
}

// ---- Certificates ---------------------------------------------------------------------------

const CERT_COLUMNS =
  'serial, address, issuer_dn, subject_dn, san_emails, not_before, not_after, status, team, origin, order_ref, revoked_at, revocation_reason';

function certFromRow(r: Row): CertificateRecord {
  const c: { -readonly [K in keyof CertificateRecord]: CertificateRecord[K] } = {
    address: r.address as string,
    serial: r.serial as string,
    issuerDn: r.issuer_dn as string,
    subjectDn: r.subject_dn as string,
    sanEmails: JSON.parse(r.san_emails as string) as string[],
    notBefore: r.not_before as string,
    notAfter: r.not_after as string,
    status: r.status as CertificateRecord['status'],
    team: Number(r.team) === 1,
    origin: r.origin as CertificateRecord['origin'],
    certificatePem: r.certificate_pem as string,
  };
  if (r.order_ref !== null) c.orderRef = r.order_ref as string;
  if (r.revoked_at !== null) c.revokedAt = r.revoked_at as string;
  if (r.revocation_reason !== null) c.revocationReason = r.revocation_reason as string;
  return c;
}

export function putCertificates(ctx: Ctx, tenant: TenantId, certs: readonly CertificateRecord[]): void {
  const ins = ctx.stmt(
    `INSERT OR REPLACE INTO certificates (tenant, ${CERT_COLUMNS}, address_key, certificate_pem)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  ctx.atomic(() => {
    for (const c of certs) {
      ins.run(
        tenant,
        c.serial,
        c.address,
        c.issuerDn,
        c.subjectDn,
        JSON.stringify(c.sanEmails),
        c.notBefore,
        c.notAfter,
        c.status,
        c.team ? 1 : 0,
        c.origin,
        c.orderRef ?? null,
        c.revokedAt ?? null,
        c.revocationReason ?? null,
        normalizeAddress(c.address),
        c.certificatePem,
      );
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
  const pem = material ? 'certificate_pem' : "'' AS certificate_pem";
  const order = 'ORDER BY address_key, not_before, serial';
  const rows =
    address === undefined
      ? ctx.stmt(`SELECT ${CERT_COLUMNS}, ${pem} FROM certificates WHERE tenant = ? ${order}`).all(tenant)
      : ctx
          .stmt(
            `SELECT ${CERT_COLUMNS}, ${pem} FROM certificates WHERE tenant = ? AND address_key = ? ${order}`,
          )
          .all(tenant, normalizeAddress(address));
  return (rows as Row[]).map(certFromRow);
}

// ---- Groups ---------------------------------------------------------------------------------

export function setGroupMembers(ctx: Ctx, tenant: TenantId, group: string, members: readonly string[]): void {
  const sorted = [...new Set(members)].sort();
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
  const groups = new Map<string, string[]>();
  for (const r of ctx.stmt('SELECT name FROM groups WHERE tenant = ? ORDER BY name').all(tenant) as Row[]) {
    groups.set(r.name as string, []);
  }
  const rows = ctx
    .stmt('SELECT group_name, member FROM group_members WHERE tenant = ? ORDER BY group_name, member')
    .all(tenant) as Row[];
  for (const r of rows) groups.get(r.group_name as string)?.push(r.member as string);
  // SQLite's ORDER BY uses byte order; sort in JS so every engine gives the same order.
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, members]) => ({ name, members: members.sort() }));
}

// ---- swisssign-users ------------------------------------------------------------------------

export function putSwissSignUsers(ctx: Ctx, tenant: TenantId, users: readonly SwissSignUserRecord[]): void {
  const ins = ctx.stmt(
    `INSERT OR REPLACE INTO swisssign_users (tenant, address_key, address, name, given_name, surname, team, added_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  ctx.atomic(() => {
    for (const u of users) {
      ins.run(
        tenant,
        normalizeAddress(u.address),
        u.address,
        u.name,
        u.givenName ?? null,
        u.surname ?? null,
        u.team ? 1 : 0,
        u.addedAt,
      );
    }
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
    .stmt(
      'SELECT address, name, given_name, surname, team, added_at FROM swisssign_users WHERE tenant = ? ORDER BY address_key',
    )
    .all(tenant) as Row[];
  return rows.map((r) => {
    const u: { -readonly [K in keyof SwissSignUserRecord]: SwissSignUserRecord[K] } = {
      address: r.address as string,
      name: r.name as string,
      team: Number(r.team) === 1,
      addedAt: r.added_at as string,
    };
    if (r.given_name !== null) u.givenName = r.given_name as string;
    if (r.surname !== null) u.surname = r.surname as string;
    return u;
  });
}
