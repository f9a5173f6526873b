/**
 * The live state of the gateway for one tenant, as records. The store persists them; the diff
 * engine reads a {@link LiveState} snapshot. Times are ISO-8601 UTC strings so records serialise
 * to JSON unchanged.
 */

/** A tenant id: the file-name prefix of its uploads, e.g. `12345TE`. */
export type TenantId = string;

/** A tenant id: the file-name prefix of its uploads (`12345TE` in `12345TE_use_import_….useimport`). */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9]+$/;

/** True for a syntactically valid tenant id: letters and digits, at most 64. */
export function isValidTenantId(id: string): boolean {
  return id.length <= 64 && TENANT_ID_PATTERN.test(id);
}

/** Where a key or certificate came from. */
export type KeyOrigin = 'created' | 'imported';

/** A PGP key held by the gateway. */
export interface PgpKeyRecord {
  readonly address: string;
  /** Upper-case hex fingerprint of the primary key. */
  readonly fingerprint: string;
  /** `RSA`, `ECC` … as reported by the key. */
  readonly algorithm: string;
  readonly bits: number;
  /** `Name (comment) <address>`. */
  readonly userId: string;
  readonly created: string;
  /** Null for keys without expiry. */
  readonly expires: string | null;
  readonly status: 'active' | 'deleted';
  readonly origin: KeyOrigin;
  /** ASCII-armoured public key. */
  readonly publicKeyArmored: string;
}

/** Certificate status as the gateway sees it; `expired` is derived from `notAfter` and `now`. */
export type CertificateStatus = 'active' | 'revoked';

/** An S/MIME certificate held by the gateway. */
export interface CertificateRecord {
  readonly address: string;
  /** Lower-case hex serial number, no separators. */
  readonly serial: string;
  readonly issuerDn: string;
  readonly subjectDn: string;
  readonly sanEmails: readonly string[];
  readonly notBefore: string;
  readonly notAfter: string;
  readonly status: CertificateStatus;
  readonly team: boolean;
  readonly origin: KeyOrigin;
  /** The CA order reference (SwissSign `ord-…`), when ordered. */
  readonly orderRef?: string;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
  readonly certificatePem: string;
}

/** A group and its members (mailbox addresses or domains), kept sorted. */
export interface GroupRecord {
  readonly name: string;
  readonly members: readonly string[];
}

/** An entry of the swisssign-users list that the WatchDog reads. */
export interface SwissSignUserRecord {
  readonly address: string;
  /** Display name (team certificates) or "given surname". */
  readonly name: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly team: boolean;
  readonly addedAt: string;
}

/** One billable transaction: a certificate ordered from the CA. Never two for one action. */
export interface LedgerEntry {
  /** The idempotency key of the action that ordered it (unique per tenant). */
  readonly idempotencyKey: string;
  readonly address: string;
  readonly orderRef: string;
  readonly product: string;
  readonly kind: 'create' | 'renew';
  readonly at: string;
  readonly serial?: string;
}

/**
 * What the diff engine needs to know of the gateway: a consistent snapshot for one tenant.
 * Only active keys/certificates matter for planning, but revoked ones are included for reports.
 */
export interface LiveState {
  readonly tenant: TenantId;
  readonly pgpKeys: readonly PgpKeyRecord[];
  readonly certificates: readonly CertificateRecord[];
  readonly groups: readonly GroupRecord[];
  /** The live rule set in canonical, unmasked rule notation; empty string when none. */
  readonly ruleSetText: string;
  readonly swissSignUsers: readonly SwissSignUserRecord[];
  /** Number of passphrases on the import list (their values never leave the store unasked). */
  readonly passphraseCount: number;
}

/** An empty live state (a new tenant). */
export function emptyLiveState(tenant: TenantId): LiveState {
  return {
    tenant,
    pgpKeys: [],
    certificates: [],
    groups: [],
    ruleSetText: '',
    swissSignUsers: [],
    passphraseCount: 0,
  };
}
