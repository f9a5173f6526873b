import type { CertificateRecord, PgpKeyRecord, TenantId } from '@usesync/domain';
import {
  CERT_LIST,
  type Cells,
  certFromRow,
  certValues,
  type ListSql,
  listQuery,
  PGP_LIST,
  pgpFromRow,
  pgpValues,
} from '../internal/rows.js';
import { type Db, upsert } from './pg-db.js';

const bool = (b: boolean) => b;

/** A tenant's listing as array rows, read by the shared row mappers. */
export function listRows(
  db: Db,
  spec: ListSql,
  tenant: TenantId,
  address?: string,
  material = true,
): Promise<Cells[]> {
  const q = listQuery(spec, material, tenant, address, (n) => `$${n}`);
  return db.arrays(q.sql, q.params);
}

// ---- PGP keys -------------------------------------------------------------------------------

// Column names and array types, in the order of pgpValues() (rows.ts).
const PGP_TYPES = [
  ['fingerprint', 'text'],
  ['address', 'text'],
  ['algorithm', 'text'],
  ['bits', 'int'],
  ['user_id', 'text'],
  ['created', 'text'],
  ['expires', 'text'],
  ['status', 'text'],
  ['origin', 'text'],
  ['address_key', 'text'],
] as const;

export async function putPgpKeys(db: Db, tenant: TenantId, keys: readonly PgpKeyRecord[]): Promise<void> {
  await db.atomic(async () => {
    await upsert(db, 'pgp_keys', tenant, PGP_TYPES, ['fingerprint'], keys.map(pgpValues));
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
  return (await listRows(db, PGP_LIST, tenant, address, material)).map(pgpFromRow);
}

// ---- Certificates ---------------------------------------------------------------------------

// Column names and array types, in the order of certValues() (rows.ts).
const CERT_TYPES = [
  ['serial', 'text'],
  ['address', 'text'],
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
  ['address_key', 'text'],
] as const;

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
      CERT_TYPES,
      ['serial'],
      certs.map((c) => certValues(c, bool)),
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
  return (await listRows(db, CERT_LIST, tenant, address, material)).map(certFromRow);
}
