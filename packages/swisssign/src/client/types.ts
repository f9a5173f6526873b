import type { components } from '../generated/api.generated.js';

type Schemas = components['schemas'];

/** `CertificateOrder` of the RA API. */
export type CertificateOrder = Schemas['CertificateOrder'];
/** `CertificateOrderStatus` of the RA API. */
export type CertificateOrderStatus = Schemas['CertificateOrderStatus'];
/** `IssueRequest` of the RA API (body of /v2/issue and /v2/validate). */
export type IssueRequest = Schemas['IssueRequest'];
/** `SearchCertificateOrder` of the RA API (body of /v2/orders). */
export type SearchCertificateOrder = Schemas['SearchCertificateOrder'];
/** `RevocationRequest` of the RA API (one element of the /v2/revoke body). */
export type RevocationRequest = Schemas['RevocationRequest'];
/** The revocation reasons a client may request. */
export type RevocationReasonRequest = RevocationRequest['revocationReason'];
/** `Client` of the RA API (an RA customer account and its products). */
export type RaClient = Schemas['Client'];
/** `Product` of the RA API (a certificate product, referenced as `pma-…`). */
export type RaProduct = Schemas['Product'];
/** `APIError` of the RA API. */
export type ApiError = Schemas['APIError'];

/**
 * The two kinds of S/MIME certificate usesync orders. `personal`: a named person, subject
 * CN = "given surname". `team`: a shared mailbox (e-mail-only product), subject CN = the address.
 */
export type ProductKind = 'personal' | 'team';

/** A configured product name resolved to its reference. */
export interface ResolvedProduct {
  readonly kind: ProductKind;
  /** `pma-…` reference. */
  readonly reference: string;
  readonly name: string;
  /** `cli-…` reference of the client account that owns the product. */
  readonly clientReference: string;
}

/**
 * Subject attributes taken from the provider's configured defaults (`subject:` in the settings;
 * the manual: "additional parameters (like OU) taken from the implemented defaults"). Empty values
 * are left out. Whether a product accepts or requires them is the CA's call: check with
 * {@link SwissSignClient.preflight} before ordering.
 */
export interface SubjectDefaults {
  /** O (organizationName). */
  readonly organization?: string;
  /** OU (organizationalUnitName); S/MIME baseline products refuse it. */
  readonly organizationalUnit?: string;
  /** C (countryName), two upper-case letters. */
  readonly country?: string;
  /** ST (stateOrProvinceName). */
  readonly state?: string;
  /** L (localityName). */
  readonly locality?: string;
}

/** What to order: one S/MIME certificate for one mailbox. */
export interface IssueInput {
  readonly kind: ProductKind;
  /** The mailbox: rfc822Name SAN, and subject CN for `team` when no `teamName` is given. */
  readonly email: string;
  /**
   * `team`: the CN, e.g. `Support` (the manual's team certificate example: "CN = Support,
   * Mailadress = support@company.com"). Without it the CN is the address (e-mail-only products).
   */
  readonly teamName?: string;
  /** First name; required for `personal`. */
  readonly givenName?: string;
  /** Last name; required for `personal`. */
  readonly surname?: string;
  /** O, OU and C added to the subject after CN (and gn, sn). */
  readonly subjectDefaults?: SubjectDefaults;
  /** PKCS#10 request made elsewhere, as PEM text or DER bytes. */
  readonly csr: string | Uint8Array;
  /**
   * Caller-chosen key that identifies this order across crashes and retries. The same key never
   * results in a second order. Use a new key to order again on purpose (e.g. after FAILED).
   */
  readonly idempotencyKey: string;
  /** Extra order tags (labels). */
  readonly tags?: readonly string[];
  /** Free-text note stored on the order. */
  readonly note?: string;
}

/** An issued certificate, decoded enough for bookkeeping. */
export interface IssuedCertificate {
  /** DER bytes. */
  readonly der: Uint8Array;
  readonly pem: string;
  /** Serial number, upper-case hex as SwissSign writes it. */
  readonly serialNumber: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

/**
 * Where an order stands after waiting. `pending` is not a failure: the wait budget ran out (e.g.
 * PENDING_AUTH or mailbox validation), and {@link SwissSignClient.waitForOrder} resumes it later.
 */
export type IssueOutcome =
  | {
      readonly kind: 'issued';
      readonly orderReference: string;
      /** True when an order placed by an earlier attempt with the same key was reused. */
      readonly reused: boolean;
      readonly certificate: IssuedCertificate;
      /** Chain as PEM, leaf first, root last. */
      readonly chainPem: readonly string[];
      readonly order: CertificateOrder;
    }
  | {
      readonly kind: 'pending';
      readonly orderReference: string;
      readonly reused: boolean;
      readonly status: CertificateOrderStatus;
      readonly waitedMs: number;
    }
  | {
      readonly kind: 'failed';
      readonly orderReference: string;
      readonly reused: boolean;
      /** FAILED, REJECTED, REVOKED or UNKNOWN. */
      readonly status: CertificateOrderStatus;
    };

/** One certificate to revoke. */
export interface RevokeInput {
  /** Serial number in hex (any case, optional colons). */
  readonly serialNumber: string;
  /** Issuer DN as in the certificate. */
  readonly issuerName: string;
  readonly reason: RevocationReasonRequest;
  /** First and last name of the person requesting revocation (required for service accounts). */
  readonly requestor?: string;
}
