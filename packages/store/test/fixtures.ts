import type { CertificateRecord, LedgerEntry, PgpKeyRecord, SwissSignUserRecord } from '@usesync/domain';

/** A PGP key record with overridable fields. */
export function pgpKey(address: string, fingerprint: string, over: Partial<PgpKeyRecord> = {}): PgpKeyRecord {
  return {
    address,
    fingerprint,
    algorithm: 'RSA',
    bits: 4096,
    userId: `User <${address}>`,
    created: '2026-01-01T00:00:00.000Z',
    expires: '2027-01-01T00:00:00.000Z',
    status: 'active',
    origin: 'created',
    publicKeyArmored: `-----BEGIN PGP PUBLIC KEY BLOCK-----\n${fingerprint}\n-----END PGP PUBLIC KEY BLOCK-----\n`,
    ...over,
  };
}

/** A certificate record with overridable fields. */
export function certificate(
  address: string,
  serial: string,
  over: Partial<CertificateRecord> = {},
): CertificateRecord {
  return {
    address,
    serial,
    issuerDn: 'CN=Simulated SubCA,O=SwissSign AG,C=CH',
    subjectDn: `CN=${address}`,
    sanEmails: [address],
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    status: 'active',
    team: false,
    origin: 'created',
    orderRef: `ord-${serial}`,
    certificatePem: `-----BEGIN CERTIFICATE-----\nCERTPEM${serial}\n-----END CERTIFICATE-----\n`,
    ...over,
  };
}

/** A swisssign-users entry. */
export function ssUser(address: string, over: Partial<SwissSignUserRecord> = {}): SwissSignUserRecord {
  return {
    address,
    name: 'John Doe',
    givenName: 'John',
    surname: 'Doe',
    team: false,
    addedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** A ledger entry. */
export function ledgerEntry(key: string, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    idempotencyKey: key,
    address: 'a@example.com',
    orderRef: `ord-${key}`,
    product: 'personal',
    kind: 'create',
    at: '2026-01-02T00:00:00.000Z',
    ...over,
  };
}
