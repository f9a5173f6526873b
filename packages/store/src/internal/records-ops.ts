import type {
  CertificateRecord,
  GroupRecord,
  PgpKeyRecord,
  SwissSignUserRecord,
  TenantId,
} from '@usesync/domain';
import { normalizeAddress } from '@usesync/domain';
import type { ArrayRow, Ctx, Row } from './context.js';

// ---- PGP keys -------------------------------------------------------------------------------

const PGP_COLUMNS = 'fingerprint, address, algorithm, bits, user_id, created, expires, status, origin';

// Positions follow PGP_COLUMNS, then the material column.
function pgpFromRow(r: ArrayRow): PgpKeyRecord {
  return {
    address: r[1] as string,
    fingerprint: r[0] as string,
    algorithm: r[2] as string,
    bits: Number(r[3]),
    userId: r[4] as string,
    created: r[5] as string,
    expires: (r[6] as string | null) ?? null,
    status: r[7] as PgpKeyRecord['status'],
    origin: r[8] as PgpKeyRecord['origin'],
    publicKeyArmored: r[9] as string,
  };
}

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
      );
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
  const from = material
    ? `SELECT ${PGP_COLUMNS}, public_key FROM pgp_keys JOIN pgp_key_material USING (tenant, fingerprint)`
    : `SELECT ${PGP_COLUMNS}, '' AS public_key FROM pgp_keys`;
  const order = 'ORDER BY address_key, created, fingerprint';
  const rows =
    address === undefined
      ? ctx.rows(`${from} WHERE tenant = ? ${order}`).all(tenant)
      : ctx
          .rows(`${from} WHERE tenant = ? AND address_key = ? ${order}`)
          .all(tenant, normalizeAddress(address));
  return (rows as unknown as ArrayRow[]).map(pgpFromRow);
}

// ---- Certificates ---------------------------------------------------------------------------

const CERT_COLUMNS =
  'serial, address, issuer_dn, subject_dn, san_emails, not_before, not_after, status, team, origin, order_ref, revoked_at, revocation_reason';

// SAN e-mail addresses are stored newline-joined: cheaper to read than JSON, and no address
// contains a line break.
const joinSans = (sans: readonly string[]) => sans.join('\n');
const splitSans = (text: string) => (text === '' ? [] : text.split('\n'));

// Positions follow CERT_COLUMNS, then the material column.
function certFromRow(r: ArrayRow): CertificateRecord {
  const c: { -readonly [K in keyof CertificateRecord]: CertificateRecord[K] } = {
    address: r[1] as string,
    serial: r[0] as string,
    issuerDn: r[2] as string,
    subjectDn: r[3] as string,
    sanEmails: splitSans(r[4] as string),
    notBefore: r[5] as string,
    notAfter: r[6] as string,
    status: r[7] as CertificateRecord['status'],
    team: r[8] === 1,
    origin: r[9] as CertificateRecord['origin'],
    certificatePem: r[13] as string,
  };
  if (r[10] !== null) c.orderRef = r[10] as string;
  if (r[11] !== null) c.revokedAt = r[11] as string;
  if (r[12] !== null) c.revocationReason = r[12] as string;
  return c;
}

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
      ins.run(
        tenant,
        c.serial,
        c.address,
        c.issuerDn,
        c.subjectDn,
        joinSans(c.sanEmails),
        c.notBefore,
        c.notAfter,
        c.status,
        c.team ? 1 : 0,
        c.origin,
        c.orderRef ?? null,
        c.revokedAt ?? null,
        c.revocationReason ?? null,
        normalizeAddress(c.address),
      );
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
  const from = material
    ? `SELECT ${CERT_COLUMNS}, certificate_pem FROM certificates JOIN certificate_material USING (tenant, serial)`
    : `SELECT ${CERT_COLUMNS}, '' AS certificate_pem FROM certificates`;
  const order = 'ORDER BY address_key, not_before, serial';
  const rows =
    address === undefined
      ? ctx.rows(`${from} WHERE tenant = ? ${order}`).all(tenant)
      : ctx
          .rows(`${from} WHERE tenant = ? AND address_key = ? ${order}`)
          .all(tenant, normalizeAddress(address));
  return (rows as unknown as ArrayRow[]).map(certFromRow);
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
    .rows('SELECT group_name, member FROM group_members WHERE tenant = ? ORDER BY group_name, member')
    .all(tenant) as unknown as ArrayRow[];
  for (const r of rows) groups.get(r[0] as string)?.push(r[1] as string);
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
    .rows(
      'SELECT address, name, given_name, surname, team, added_at FROM swisssign_users WHERE tenant = ? ORDER BY address_key',
    )
    .all(tenant) as unknown as ArrayRow[];
  return rows.map((r) => {
    const u: { -readonly [K in keyof SwissSignUserRecord]: SwissSignUserRecord[K] } = {
      address: r[0] as string,
      name: r[1] as string,
      team: r[4] === 1,
      addedAt: r[5] as string,
    };
    if (r[2] !== null) u.givenName = r[2] as string;
    if (r[3] !== null) u.surname = r[3] as string;
    return u;
  });
}
