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

/** True for a syntactically valid domain with at least two labels, e.g. `company.com`. */
export function isValidDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((l) => ASCII_LABEL.test(l) || LABEL.test(l))) return false;
  // The top-level label is never all digits.
  return !/^\d+$/.test(labels[labels.length - 1]!);
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

/**
 * The canonical form of an address used as a key everywhere (store, plans, reports): trimmed and
 * lower-cased. Mailbox local parts are case-sensitive in theory, never in practice at a gateway.
 */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** The domain of a mailbox, lower-cased; the input itself when it has no `@`. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at < 0 ? address : address.slice(at + 1)).toLowerCase();
}
