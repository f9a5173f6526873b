import { describe, expect, test } from 'vitest';
import {
  domainOf,
  hasAsciiLocalPart,
  isValidDomain,
  isValidMailbox,
  normalizeAddress,
  normalizeDomain,
} from '../src/index.js';

describe('internationalised domains', () => {
  test('the Unicode and the A-label form of an address are one identity', () => {
    expect(normalizeAddress('anna@bücher.de')).toBe('anna@xn--bcher-kva.de');
    expect(normalizeAddress(' Anna@XN--BCHER-KVA.de ')).toBe('anna@xn--bcher-kva.de');
    expect(normalizeAddress('Anna@BÜCHER.de')).toBe('anna@xn--bcher-kva.de');
  });

  test('domains normalise to lower-case A-labels; ASCII domains only lose their capitals', () => {
    expect(normalizeDomain('Bücher.DE')).toBe('xn--bcher-kva.de');
    expect(normalizeDomain('Company.COM')).toBe('company.com');
    expect(domainOf('x@bücher.ch')).toBe('xn--bcher-kva.ch');
  });

  test('a non-ASCII local part keeps its letters and is flagged as not certifiable', () => {
    expect(normalizeAddress('Jürgen@bücher.de')).toBe('jürgen@xn--bcher-kva.de');
    expect(hasAsciiLocalPart('jürgen@example.de')).toBe(false);
    expect(hasAsciiLocalPart('anna@bücher.de')).toBe(true);
  });

  test('both forms are valid syntax; a label without an A-label form is not', () => {
    expect(isValidMailbox('anna@bücher.de')).toBe(true);
    expect(isValidMailbox('anna@xn--bcher-kva.de')).toBe(true);
    expect(isValidDomain('bücher.de')).toBe(true);
  });
});
