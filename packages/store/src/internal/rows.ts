import type {
  ArchivedKeyInfo,
  CertificateRecord,
  GroupRecord,
  PgpKeyRecord,
  SwissSignUserRecord,
  TenantId,
} from '@usesync/domain';
import { normalizeAddress } from '@usesync/domain';

// Engine-neutral mapping between records and table rows. Both engines read these tables in
// array mode, in the column order named here, so one mapper serves both; only the SQL differs.

/** A row read in array mode, in the order of the columns selected. */
export type Cells = readonly unknown[];

/** Booleans as a column wants them: SQLite binds 1/0, PostgreSQL a real boolean. */
export type EncodeBool = (b: boolean) => unknown;

/** A boolean column as stored by either engine (SQLite 1/0, PostgreSQL true/false). */
const isTrue = (v: unknown): boolean => v === true || v === 1 || v === 1n;

/** How a listing selects its rows: with or without material, and its stable order. */
export interface ListSql {
  /** The SELECT … FROM of the full rows. */
  readonly select: string;
  /** The SELECT … FROM without the bulky material column (the same when there is none). */
  readonly selectBare?: string;
  readonly order: string;
}

/**
 * The SQL and parameters of a tenant's listing, optionally narrowed to one address; `param(n)`
 * writes the engine's n-th placeholder (`?` or `$n`).
 */
export function listQuery(
  spec: ListSql,
  material: boolean,
  tenant: TenantId,
  address: string | undefined,
  param: (n: number) => string,
): { readonly sql: string; readonly params: readonly unknown[] } {
  const from = material ? spec.select : (spec.selectBare ?? spec.select);
  return address === undefined
    ? { sql: `${from} WHERE tenant = ${param(1)} ${spec.order}`, params: [tenant] }
    : {
        sql: `${from} WHERE tenant = ${param(1)} AND address_key = ${param(2)} ${spec.order}`,
        params: [tenant, normalizeAddress(address)],
      };
}

// ---- PGP keys -------------------------------------------------------------------------------

/** The PGP key columns written, in the order of {@link pgpValues} (then `address_key`). */
export const PGP_COLUMNS = 'fingerprint, address, algorithm, bits, user_id, created, expires, status, origin';

/** Listing PGP keys: the columns of {@link PGP_COLUMNS}, then the armored key. */
export const PGP_LIST: ListSql = {
  select: `SELECT ${PGP_COLUMNS}, public_key FROM pgp_keys JOIN pgp_key_material USING (tenant, fingerprint)`,
  selectBare: `SELECT ${PGP_COLUMNS}, '' AS public_key FROM pgp_keys`,
  order: 'ORDER BY address_key, created, fingerprint',
};

/** A key's row values: {@link PGP_COLUMNS}, then the normalised address. */
export function pgpValues(k: PgpKeyRecord): unknown[] {
  const { fingerprint, address, algorithm, bits, userId, created, expires, status, origin } = k;
  return [
    fingerprint,
    address,
    algorithm,
    bits,
    userId,
    created,
    expires,
    status,
    origin,
    normalizeAddress(address),
  ];
}

/** A key from a {@link PGP_LIST} row. */
export function pgpFromRow(r: Cells): PgpKeyRecord {
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

// ---- Certificates ---------------------------------------------------------------------------

/** The certificate columns written, in the order of {@link certValues} (then `address_key`). */
export const CERT_COLUMNS =
  'serial, address, issuer_dn, subject_dn, san_emails, not_before, not_after, status, team, origin, order_ref, revoked_at, revocation_reason';

/** Listing certificates: the columns of {@link CERT_COLUMNS}, then the PEM. */
export const CERT_LIST: ListSql = {
  select: `SELECT ${CERT_COLUMNS}, certificate_pem FROM certificates JOIN certificate_material USING (tenant, serial)`,
  selectBare: `SELECT ${CERT_COLUMNS}, '' AS certificate_pem FROM certificates`,
  order: 'ORDER BY address_key, not_before, serial',
};

// SAN e-mail addresses are stored newline-joined: cheaper to read than JSON, and no address
// contains a line break.
const joinSans = (sans: readonly string[]) => sans.join('\n');
const splitSans = (text: string) => (text === '' ? [] : text.split('\n'));

/** A certificate's row values: {@link CERT_COLUMNS}, then the normalised address. */
export function certValues(c: CertificateRecord, bool: EncodeBool): unknown[] {
  return [
    c.serial,
    c.address,
    c.issuerDn,
    c.subjectDn,
    joinSans(c.sanEmails),
    c.notBefore,
    c.notAfter,
    c.status,
    bool(c.team),
    c.origin,
    c.orderRef ?? null,
    c.revokedAt ?? null,
    c.revocationReason ?? null,
    normalizeAddress(c.address),
  ];
}

/** A certificate from a {@link CERT_LIST} row. */
export function certFromRow(r: Cells): CertificateRecord {
  const c: { -readonly [K in keyof CertificateRecord]: CertificateRecord[K] } = {
    address: r[1] as string,
    serial: r[0] as string,
    issuerDn: r[2] as string,
    subjectDn: r[3] as string,
    sanEmails: splitSans(r[4] as string),
    notBefore: r[5] as string,
    notAfter: r[6] as string,
    status: r[7] as CertificateRecord['status'],
    team: isTrue(r[8]),
    origin: r[9] as CertificateRecord['origin'],
    certificatePem: r[13] as string,
  };
  if (r[10] !== null) c.orderRef = r[10] as string;
  if (r[11] !== null) c.revokedAt = r[11] as string;
  if (r[12] !== null) c.revocationReason = r[12] as string;
  return c;
}

// ---- Groups ---------------------------------------------------------------------------------

/**
 * Groups from their names and `[group, member]` pairs. Sorted in JS: SQLite's ORDER BY uses byte
 * order and PostgreSQL's a collation, and every engine must give the same order.
 */
export function assembleGroups(names: Iterable<string>, members: Iterable<Cells>): GroupRecord[] {
  const groups = new Map<string, string[]>();
  for (const name of names) groups.set(name, []);
  for (const r of members) groups.get(r[0] as string)?.push(r[1] as string);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, list]) => ({ name, members: list.sort() }));
}

/** The members a group is set to: each once, sorted. */
export const groupMembers = (members: readonly string[]): string[] => [...new Set(members)].sort();

// ---- swisssign-users ------------------------------------------------------------------------

/** The swisssign-user columns written, in the order of {@link swissSignUserValues}. */
export const SWISSSIGN_USER_COLUMNS = 'address_key, address, name, given_name, surname, team, added_at';

/** Listing swisssign-users, in the order {@link swissSignUserFromRow} reads. */
export const SWISSSIGN_USER_LIST =
  'SELECT address, name, given_name, surname, team, added_at FROM swisssign_users';

/** A user's row values in the order of {@link SWISSSIGN_USER_COLUMNS}. */
export function swissSignUserValues(u: SwissSignUserRecord, bool: EncodeBool): unknown[] {
  return [
    normalizeAddress(u.address),
    u.address,
    u.name,
    u.givenName ?? null,
    u.surname ?? null,
    bool(u.team),
    u.addedAt,
  ];
}

/** A user from a {@link SWISSSIGN_USER_LIST} row. */
export function swissSignUserFromRow(r: Cells): SwissSignUserRecord {
  const u: { -readonly [K in keyof SwissSignUserRecord]: SwissSignUserRecord[K] } = {
    address: r[0] as string,
    name: r[1] as string,
    team: isTrue(r[4]),
    addedAt: r[5] as string,
  };
  if (r[2] !== null) u.givenName = r[2] as string;
  if (r[3] !== null) u.surname = r[3] as string;
  return u;
}

// ---- Archived keys --------------------------------------------------------------------------

/** Listing archived keys (metadata only), in the order {@link archivedInfoFromRow} reads. */
export const ARCHIVE_LIST: ListSql = {
  select: 'SELECT address, kind, reference, format, created_at, size FROM key_archive',
  order: 'ORDER BY created_at, kind, reference',
};

/** The archive columns written, in the order of {@link archiveValues}. */
export const ARCHIVE_COLUMNS =
  'kind, reference, address, address_key, format, created_at, size, digest, sealed';

/** An archived key's row values in the order of {@link ARCHIVE_COLUMNS}. */
export function archiveValues(
  info: Omit<ArchivedKeyInfo, 'size'>,
  size: number,
  digest: string,
  sealed: Uint8Array,
): unknown[] {
  return [
    info.kind,
    info.reference,
    info.address,
    normalizeAddress(info.address),
    info.format,
    info.createdAt,
    size,
    digest,
    sealed,
  ];
}

/** An archived key's metadata from an {@link ARCHIVE_LIST} row. */
export function archivedInfoFromRow(r: Cells): ArchivedKeyInfo {
  return {
    address: r[0] as string,
    kind: r[1] as ArchivedKeyInfo['kind'],
    reference: r[2] as string,
    format: r[3] as string,
    createdAt: r[4] as string,
    size: Number(r[5]),
  };
}
