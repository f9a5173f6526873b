import { Secret } from '@usesync/domain';
import { describe, expect, test } from 'vitest';
import { errorFromResponse } from '../src/errors.js';
import {
  backoffDelay,
  buildIssueRequest,
  jwtExpiry,
  normalizeSerial,
  parseFaultSpec,
  SwissSignClient,
  simulatorOptionsFromFlags,
  subjectFor,
  TokenBucket,
} from '../src/index.js';
import { formatDn, parseDn, sameDn } from '../src/internal/dn.js';
import { wildcard } from '../src/simulator/engine.js';

describe('backoff', () => {
  test('grows exponentially, is capped, and keeps at least half of each step', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
  });
});

describe('token bucket', () => {
  test('lets a burst through, then spaces calls at the configured rate', async () => {
    let now = 0;
    const waits: number[] = [];
    const bucket = new TokenBucket({
      ratePerSecond: 2,
      burst: 2,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(waits).toEqual([500, 500, 500]);
    expect(now).toBe(1_500);
  });

  test('refuses a nonsensical configuration', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
  });
});

describe('distinguished names', () => {
  test.each([
    ['Doe, Jane', 'cn=Doe\\, Jane'],
    ['a+b=c', 'cn=a\\+b\\=c'],
    ['#hash', 'cn=\\#hash'],
  ])('escapes %j and parses it back', (value, text) => {
    expect(formatDn([{ type: 'cn', value }])).toBe(text);
    expect(parseDn(text)).toEqual([{ type: 'cn', value }]);
  });

  test('compares DNs ignoring case, spacing and order', () => {
    expect(sameDn('CN=Issuing CA, O=usesync, C=CH', 'c=CH,o=USESYNC,cn=issuing ca')).toBe(true);
    expect(sameDn('CN=Issuing CA', 'CN=Other CA')).toBe(false);
  });
});

describe('issue requests', () => {
  const base = { email: 'jane@example.com', csr: 'PEM', idempotencyKey: 'k1' };

  test('personal: CN is given name and surname; team: CN is the address; OU is never set', () => {
    expect(formatDn(subjectFor({ ...base, kind: 'personal', givenName: 'Jane', surname: 'Doe' }))).toBe(
      'cn=Jane Doe,gn=Jane,sn=Doe',
    );
    expect(formatDn(subjectFor({ ...base, kind: 'team' }))).toBe('cn=jane@example.com');
    expect(formatDn(subjectFor({ ...base, kind: 'team', teamName: 'Support' }))).toBe('cn=Support');
    expect(formatDn(subjectFor({ ...base, kind: 'team', teamName: 'Team x@y.com' }))).toBe(
      'cn=jane@example.com',
    );
  });

  test('carries the idempotency tag first and the mailbox as requestRFC822', () => {
    const request = buildIssueRequest({ ...base, kind: 'team', tags: ['x'] }, 'pma-1');
    expect(request.tags).toEqual(['usesync-idempotency:k1', 'x']);
    expect(request.overrides?.requestExtensions?.requestRFC822?.values).toEqual(['jane@example.com']);
    expect(request.productReference).toBe('pma-1');
  });

  test.each([
    [{ ...base, kind: 'team' as const, email: 'not-an-address' }, /not a valid mailbox/],
    [{ ...base, kind: 'team' as const, idempotencyKey: 'has space' }, /idempotency key/],
    [{ ...base, kind: 'personal' as const, givenName: 'Jane' }, /given name and a surname/],
  ])('refuses bad input %#', (input, message) => {
    expect(() => buildIssueRequest(input, 'pma-1')).toThrow(message);
  });
});

describe('errors and helpers', () => {
  test.each([
    [400, 'SWISSSIGN_BAD_REQUEST', false],
    [401, 'SWISSSIGN_AUTH', false],
    [404, 'SWISSSIGN_NOT_FOUND', false],
    [429, 'SWISSSIGN_SERVER', true],
    [503, 'SWISSSIGN_SERVER', true],
  ])('HTTP %i maps to %s (retryable: %s)', (status, code, retryable) => {
    const error = errorFromResponse('do things', status, {
      uuid: 'u',
      errorCode: '<1>',
      errorMessages: ['m'],
    });
    expect(error).toMatchObject({
      code,
      retryable,
      apiErrorCode: '<1>',
      apiMessages: ['m'],
      errorReference: 'u',
    });
    expect(error.message).toMatch(/^Cannot do things at SwissSign: HTTP \d+ \(<1> m\)$/);
  });

  test('reads the expiry of a JWT and tolerates garbage', () => {
    const payload = Buffer.from(JSON.stringify({ exp: 1_700_000_000 })).toString('base64url');
    expect(jwtExpiry(`h.${payload}.s`)).toBe(1_700_000_000_000);
    expect(jwtExpiry('nonsense')).toBeUndefined();
  });

  test('normalises serial numbers and matches SwissSign wildcards', () => {
    expect(normalizeSerial('0a:1b:2c')).toBe('0A1B2C');
    expect(wildcard('ab?d*').test('ABCDEF')).toBe(true);
    expect(wildcard('a.c').test('abc')).toBe(false);
  });

  test('has no default base URL and refuses a bad one', () => {
    const config = { userName: 'u', apiKey: new Secret('k'), products: {} };
    expect(() => new SwissSignClient({ ...config, baseUrl: '' })).toThrow(/baseUrl/);
    expect(() => new SwissSignClient({ ...config, baseUrl: 'ftp://127.0.0.1' })).toThrow(/http/);
  });
});

describe('simulator flags', () => {
  test('parse into options', () => {
    const options = simulatorOptionsFromFlags({
      port: '8443',
      state: 'sim.json',
      fault: ['http-5xx,path=/v2/orders,times=2,status=502', 'drop,path=/v2/issue,when=after'],
      orderFault: ['*=PENDING_AUTH'],
      issueAfterPolls: '3',
      requireSubject: ['personal=o,c'],
    });
    expect(options).toMatchObject({
      port: 8443,
      products: { personal: { requiredSubject: ['o', 'c'] }, team: {} },
      stateFile: 'sim.json',
      progression: { polls: 3 },
      faults: {
        http: [
          { kind: 'http-5xx', path: '/v2/orders', times: 2, status: 502 },
          { kind: 'drop', path: '/v2/issue', when: 'after' },
        ],
        orders: { '*': 'PENDING_AUTH' },
      },
    });
  });

  test.each([
    [{ port: 'x' }, /--port/],
    [{ fault: ['explode'] }, /unknown fault/],
    [{ orderFault: ['a@b=LOST'] }, /--order-fault/],
    [{ personalRef: 'pma-1' }, /pma-<uuid>/],
    [{ requireSubject: ['personal=ou'] }, /--require-subject/],
    [{ requireSubject: ['server=o'] }, /--require-subject/],
  ])('refuse bad flags %#', (flags, message) => {
    expect(() => simulatorOptionsFromFlags(flags)).toThrow(message);
  });

  test('parseFaultSpec accepts inf', () => {
    expect(parseFaultSpec('slow,delay=10,times=inf')).toEqual({
      kind: 'slow',
      delayMs: 10,
      times: Number.POSITIVE_INFINITY,
    });
  });
});
