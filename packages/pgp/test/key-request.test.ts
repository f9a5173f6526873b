import { describe, expect, test } from 'vitest';
import { checkKeyRequest, formatUserId, type PgpKeyRequest } from '../src/index.js';

const now = new Date('2026-03-01T10:00:00.000Z');
const base: PgpKeyRequest = { address: 'john.doe@company.com', name: 'John Doe', now };

describe('checkKeyRequest', () => {
  test.each<[string, Partial<PgpKeyRequest>, string[]]>([
    [
      'the manual example (RSA 4096, 11y, comment) is fine',
      { keyLength: 4096, comment: 'Retarus Key', validity: { amount: 11, unit: 'y' } },
      [],
    ],
    ['lower-case keytype rsa is fine', { keyType: 'rsa' as 'RSA' }, []],
    ['Curve25519 is fine', { keyType: 'Curve25519' }, []],
    ['DSA is refused with its own code', { keyType: 'DSA' }, ['PGP_DSA_UNSUPPORTED']],
    ['an unknown key type is refused', { keyType: 'ElGamal' as 'RSA' }, ['PGP_KEY_TYPE_UNSUPPORTED']],
    ['RSA 1024 is too weak under the default policy', { keyLength: 1024 }, ['PGP_KEY_TOO_WEAK']],
    ['RSA 1000 is not a supported length', { keyLength: 1000 }, ['PGP_KEY_LENGTH_UNSUPPORTED']],
    ['a bad address is refused', { address: 'john.doe@' }, ['PGP_BAD_ADDRESS']],
    ['an empty name is refused', { name: '  ' }, ['PGP_BAD_NAME']],
    ['a name with angle brackets is refused', { name: 'John <x>' }, ['PGP_BAD_NAME']],
    ['a comment with a parenthesis is refused', { comment: 'a) b' }, ['PGP_BAD_COMMENT']],
    ['a validity of 200 years is refused', { validity: { amount: 200, unit: 'y' } }, ['PGP_BAD_VALIDITY']],
    [
      'every problem is reported in one pass',
      { address: 'x', name: '', keyType: 'DSA' },
      ['PGP_BAD_ADDRESS', 'PGP_BAD_NAME', 'PGP_DSA_UNSUPPORTED'],
    ],
  ])('%s', (_title, change, codes) => {
    expect(checkKeyRequest({ ...base, ...change }).map((p) => p.code)).toEqual(codes);
  });

  test('RSA 1024 is allowed when the tenant policy explicitly allows it', () => {
    expect(checkKeyRequest({ ...base, keyLength: 1024 }, { minRsaBits: 1024 })).toEqual([]);
  });

  test('the DSA message says why and what to use instead', () => {
    const [problem] = checkKeyRequest({ ...base, keyType: 'DSA' });
    expect(problem?.message).toMatch(/RFC 9580.*RSA or Curve25519/);
  });
});

describe('formatUserId', () => {
  test('renders Name (comment) <address>', () => {
    expect(formatUserId({ name: 'John Doe', comment: 'Retarus Key', address: 'john.doe@company.com' })).toBe(
      'John Doe (Retarus Key) <john.doe@company.com>',
    );
  });

  test('leaves out an empty comment', () => {
    expect(formatUserId({ name: 'John Doe', comment: ' ', address: 'john.doe@company.com' })).toBe(
      'John Doe <john.doe@company.com>',
    );
  });
});
