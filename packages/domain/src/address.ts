import { domainToASCII } from 'node:url';

/**
 * Mailbox and domain syntax, as the gateway accepts them: a pragmatic subset of RFC 5321/5322
 * (dot-atom local part, LDH domain labels, internationalised letters allowed), not quoted
 * local parts or address literals.
 */

const LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;
/** ASCII fast paths: nearly every address is plain ASCII. */
const ASCII_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const ASCII_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;

/** A whole ASCII domain of two or more LDH labels in one regular expression (the fast path). */
const ASCII_DOMAIN = /^(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** True for a syntactically valid domain with at least two labels, e.g. `company.com`. */
export function isValidDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  if (ASCII_DOMAIN.test(domain)) return !/^\d+$/.test(domain.slice(domain.lastIndexOf('.') + 1));
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((l) => ASCII_LABEL.test(l) || LABEL.test(l))) return false;
  // The top-level label is never all digits.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return false;
  // An internationalised domain must have an A-label form (IDNA/UTS #46), or it has no identity.
  return ASCII.test(domain) || domainToASCII(domain) !== '';
}

/** True for a syntactically valid mailbox `local@domain`. */
export function isValidMailbox(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return false;
  const local = address.slice(0, at);
  if (local.length > 64 || !(ASCII_LOCAL.test(local) || LOCAL.test(local))) return false;
  return isValidDomain(address.slice(at + 1));
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * The canonical form of a domain used as a key: lower case and, for an internationalised domain,
 * its A-label (punycode) form, so `bücher.de` and `xn--bcher-kva.de` are the same domain. IDNA
 * mapping is UTS #46 non-transitional (`straße.de` stays distinct from `strasse.de`), done by
 * `node:url`'s `domainToASCII`, which is pure computation (no I/O). A domain without a valid
 * A-label form is returned lower-cased as it is (validation rejects it, see {@link isValidDomain}).
 */
export function normalizeDomain(domain: string): string {
  const d = domain.trim();
  if (ASCII.test(d)) return d.toLowerCase();
  const ascii = domainToASCII(d);
  return ascii === '' ? d.toLowerCase() : ascii;
}

/**
 * The canonical form of an address used as a key everywhere (store, plans, reports): trimmed,
 * lower-cased, and the domain in A-label form ({@link normalizeDomain}), so `anna@bücher.de` and
 * `anna@xn--bcher-kva.de` are one identity. Mailbox local parts are case-sensitive in theory,
 * never in practice at a gateway.
 */
export function normalizeAddress(address: string): string {
  const a = address.trim();
  if (ASCII.test(a)) return a.toLowerCase();
  const at = a.lastIndexOf('@');
  if (at < 0) return a.toLowerCase();
  return `${a.slice(0, at).toLowerCase()}@${normalizeDomain(a.slice(at + 1))}`;
}

/**
 * True when the local part of a mailbox is plain ASCII. S/MIME certificates carry the address as
 * an `rfc822Name`, an IA5String: a local part outside ASCII cannot be certified (SMTPUTF8 mail
 * addresses have no place in X.509 SANs before RFC 8398's `SmtpUTF8Mailbox`, which CAs do not issue).
 */
export function hasAsciiLocalPart(address: string): boolean {
  const at = address.lastIndexOf('@');
  return ASCII.test(at < 0 ? address : address.slice(0, at));
}

/** The domain of a mailbox in canonical form ({@link normalizeDomain}); the input itself when it has no `@`. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return normalizeDomain(at < 0 ? address : address.slice(at + 1));
}
