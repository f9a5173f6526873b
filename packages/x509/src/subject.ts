import { domainToASCII } from 'node:url';
import { isValidMailbox, normalizeAddress, UsesyncError } from '@usesync/domain';

/**
 * The CA product rule for the CN: `personal` products certify a person's name (CN = given name +
 * surname, with `givenName` and `surname` attributes); `email-only` products certify only the
 * mailbox (CN = the address, no name attributes). Team certificates always carry the team name.
 */
export type CertificateProduct = 'personal' | 'email-only';

/** Who a certificate is for: a person (names kept apart, as SwissSign wants them) or a team. */
export type CertificateHolder =
  | { readonly kind: 'person'; readonly givenName: string; readonly surname: string }
  | { readonly kind: 'team'; readonly name: string };

/**
 * Subject attributes the tenant configures once ("implemented defaults" in the manual). There is
 * deliberately no OU: S/MIME baseline requirements no longer allow it, so it stays empty.
 */
export interface SubjectDefaults {
  /** Two-letter ISO 3166 country code, e.g. `CH`. */
  readonly country?: string;
  readonly state?: string;
  readonly locality?: string;
  readonly street?: string;
  readonly postalCode?: string;
  readonly organization?: string;
}

/** Everything that determines the subject of a certificate request. */
export interface SubjectRequest {
  /** The mailbox the certificate is for. */
  readonly address: string;
  readonly holder: CertificateHolder;
  readonly product: CertificateProduct;
  readonly defaults?: SubjectDefaults;
  /** Also put the address into the subject DN as `emailAddress` (default `true`). */
  readonly emailInSubject?: boolean;
}

/** Short names of the subject attributes usesync writes. */
export type SubjectAttributeType =
  | 'C'
  | 'ST'
  | 'L'
  | 'street'
  | 'postalCode'
  | 'O'
  | 'SN'
  | 'GN'
  | 'CN'
  | 'E';

/** One subject attribute, in DER order (most general first). */
export interface SubjectAttribute {
  readonly type: SubjectAttributeType;
  readonly value: string;
}

/** The subject of a request and the address for the SAN. */
export interface Subject {
  readonly attributes: readonly SubjectAttribute[];
  /** The normalised address (lower case, ASCII domain) for the rfc822Name SAN. */
  readonly address: string;
}

// Upper bounds from RFC 5280 Appendix A.
const MAX_LENGTH: Record<SubjectAttributeType, number> = {
  C: 2,
  ST: 128,
  L: 128,
  street: 128,
  postalCode: 40,
  O: 64,
  SN: 64,
  GN: 64,
  CN: 64,
  E: 255,
};

function fail(reason: string): never {
  throw new UsesyncError('X509_BAD_SUBJECT', `Cannot build certificate subject: ${reason}`);
}

function certificateAddress(raw: string): string {
  const address = normalizeAddress(raw);
  if (!isValidMailbox(address)) fail(`"${raw}" is not a valid mailbox address`);
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  // rfc822Name is an IA5String: a non-ASCII local part would need SmtpUTF8Mailbox (RFC 9598).
  if (!/^[\x21-\x7e]+$/.test(local)) fail(`the local part of "${raw}" is not ASCII`);
  const domain = domainToASCII(address.slice(at + 1));
  if (domain === '') fail(`the domain of "${raw}" cannot be converted to ASCII`);
  return `${local}@${domain}`;
}

function push(out: SubjectAttribute[], type: SubjectAttributeType, raw: string | undefined): void {
  if (raw === undefined) return;
  const value = raw.trim().replace(/\s+/g, ' ');
  if (value === '') return;
  if (value.length > MAX_LENGTH[type])
    fail(`${type} "${value}" is longer than ${MAX_LENGTH[type]} characters`);
  out.push({ type, value });
}

/**
 * Builds the subject of a certificate request by the CA product rules (see
 * {@link CertificateProduct}). Pure.
 * @throws UsesyncError `X509_BAD_SUBJECT` for an invalid address, an empty name, a country that is
 *   not two letters, or a value over the RFC 5280 length limit.
 */
export function buildSubject(request: SubjectRequest): Subject {
  const address = certificateAddress(request.address);
  const defaults = request.defaults ?? {};
  const out: SubjectAttribute[] = [];
  if (defaults.country !== undefined && !/^[A-Z]{2}$/.test(defaults.country.trim())) {
    fail(`country "${defaults.country}" is not a two-letter upper-case code`);
  }
  push(out, 'C', defaults.country);
  push(out, 'ST', defaults.state);
  push(out, 'L', defaults.locality);
  push(out, 'street', defaults.street);
  push(out, 'postalCode', defaults.postalCode);
  push(out, 'O', defaults.organization);
  const holder = request.holder;
  if (holder.kind === 'team') {
    if (holder.name.trim() === '') fail('the team name is empty');
    push(out, 'CN', holder.name);
  } else if (request.product === 'email-only') {
    push(out, 'CN', address);
  } else {
    if (holder.givenName.trim() === '' || holder.surname.trim() === '') {
      fail('a personal certificate needs both a given name and a surname');
    }
    push(out, 'SN', holder.surname);
    push(out, 'GN', holder.givenName);
    push(out, 'CN', `${holder.givenName} ${holder.surname}`);
  }
  if (request.emailInSubject ?? true) push(out, 'E', address);
  return { attributes: out, address };
}
