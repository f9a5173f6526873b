import type { CertificateRecord, PgpKeyRecord, TenantId } from '@usesync/domain';
import { normalizeAddress } from '@usesync/domain';
import { type Db, upsert } from './pg-db.js';

type Row = Record<string, unknown>;

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

export async function putPgpKeys(db: Db, tenant: TenantId, keys: readonly PgpKeyRecord[]): Promise<void> {
  await db.atomic(async () => {
    await upsert(
      db,
      'pgp_keys',
      tenant,
      [
        ['fingerprint', 'text'],
        ['address', 'text'],
        ['address_key', 'text'],
        ['algorithm', 'text'],
        ['bits', 'int'],
        ['user_id', 'text'],
        ['created', 'text'],
        ['expires', 'text'],
        ['status', 'text'],
        ['origin', 'text'],
      ],
      ['fingerprint'],
      keys.map((k) => [
        k.fingerprint,
        k.address,
        normalizeAddress(k.address),
        k.algorithm,
        k.bits,
        k.userId,
        k.created,
        k.expires,
        k.status,
        k.origin,
      ]),
    );
    await upsert(
      db,
      'pgp_key_material',
      tenant,
      [
        ['fingerprint', 'text'],
        ['public_key', 'text'],
      ],
      ['fingerprint'],
      keys.map((k) => [k.fingerprint, k.publicKeyArmored]),
    );
  });
}

export async function markPgpKeyDeleted(db: Db, tenant: TenantId, fingerprint: string): Promise<boolean> {
  const n = await db.count(
    "UPDATE pgp_keys SET status = 'deleted' WHERE tenant = $1 AND fingerprint = $2 AND status = 'active'",
    [tenant, fingerprint],
  );
  return n > 0;
}

export async function listPgpKeys(
  db: Db,
  tenant: TenantId,
  address?: string,
  material = true,
): Promise<PgpKeyRecord[]> {
  const from = material
    ? `SELECT ${PGP_COLUMNS}, public_key FROM pgp_keys JOIN pgp_key_material USING (tenant, fingerprint)`
    : `SELECT ${PGP_COLUMNS}, '' AS public_key FROM pgp_keys`;
  const order = 'ORDER BY address_key, created, fingerprint';
  const rows =
    address === undefined
      ? await db.rows(`${from} WHERE tenant = $1 ${order}`, [tenant])
      : await db.rows(`${from} WHERE tenant = $1 AND address_key = $2 ${order}`, [
          tenant,
          normalizeAddress(address),
        ]);
  return rows.map(pgpFromRow);
}

// ---- Certificates ---------------------------------------------------------------------------

const CERT_COLUMNS =
  'serial, address, issuer_dn, subject_dn, san_emails, not_before, not_after, status, team, origin, order_ref, revoked_at, revocation_reason';

// Newline-joined, as in SQLite: no address contains a line break.
const splitSans = (text: string) => (text === '' ? [] : text.split('\n'));

function certFromRow(r: Row): CertificateRecord {
  const c: { -readonly [K in keyof CertificateRecord]: CertificateRecord[K] } = {
    address: r.address as string,
    serial: r.serial as string,
    issuerDn: r.issuer_dn as string,
    subjectDn: r.subject_dn as string,
    sanEmails: splitSans(r.san_emails as string),
    notBefore: r.not_before as string,
    notAfter: r.not_after as string,
    status: r.status as CertificateRecord['status'],
    team: r.team === true,
    origin: r.origin as CertificateRecord['origin'],
    certificatePem: r.certificate_pem as string,
  };
  if (r.order_ref !== null) c.orderRef = r.order_ref as string;
  if (r.revoked_at !== null) c.revokedAt = r.revoked_at as string;
  if (r.revocation_reason !== null) c.revocationReason = r.revocation_reason as string;
  return c;
}

export async function putCertificates(
  db: Db,
  tenant: TenantId,
  certs: readonly CertificateRecord[],
): Promise<void> {
  await db.atomic(async () => {
    await upsert(
      db,
      'certificates',
      tenant,
      [
        ['serial', 'text'],
        ['address', 'text'],
        ['address_key', 'text'],
        ['issuer_dn', 'text'],
        ['subject_dn', 'text'],
        ['san_emails', 'text'],
        ['not_before', 'text'],
        ['not_after', 'text'],
        ['status', 'text'],
        ['team', 'boolean'],
        ['origin', 'text'],
        ['order_ref', 'text'],
        ['revoked_at', 'text'],
        ['revocation_reason', 'text'],
      ],
      ['serial'],
      certs.map((c) => [
        c.serial,
        c.address,
        normalizeAddress(c.address),
        c.issuerDn,
        c.subjectDn,
        c.sanEmails.join('\n'),
        c.notBefore,
        c.notAfter,
        c.status,
        c.team,
        c.origin,
        c.orderRef ?? null,
        c.revokedAt ?? null,
        c.revocationReason ?? null,
      ]),
    );
    await upsert(
      db,
      'certificate_material',
      tenant,
      [
        ['serial', 'text'],
        ['certificate_pem', 'text'],
      ],
      ['serial'],
      certs.map((c) => [c.serial, c.certificatePem]),
    );
  });
}

export async function markCertificateRevoked(
  db: Db,
  tenant: TenantId,
  serial: string,
  reason: string,
  at: string,
): Promise<boolean> {
  const n = await db.count(
    `UPDATE certificates SET status = 'revoked', revoked_at = $1, revocation_reason = $2
     WHERE tenant = $3 AND serial = $4 AND status = 'active'`,
    [at, reason, tenant, serial],
  );
  return n > 0;
}

export async function listCertificates(
  db: Db,
  tenant: TenantId,
  address?: string,
  material = true,
): Promise<CertificateRecord[]> {
  const from = material
    ? `SELECT ${CERT_COLUMNS}, certificate_pem FROM certificates JOIN certificate_material USING (tenant, serial)`
    : `SELECT ${CERT_COLUMNS}, '' AS certificate_pem FROM certificates`;
  const order = 'ORDER BY address_key, not_before, serial';
  const rows =
    address === undefined
      ? await db.rows(`${from} WHERE tenant = $1 ${order}`, [tenant])
      : await db.rows(`${from} WHERE tenant = $1 AND address_key = $2 ${order}`, [
          tenant,
          normalizeAddress(address),
        ]);
  return rows.map(certFromRow);
}
