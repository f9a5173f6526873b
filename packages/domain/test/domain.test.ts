import { describe, expect, test } from 'vitest';
import {
  addValidity,
  didYouMean,
  editDistance,
  isValidDomain,
  isValidMailbox,
  MASK,
  parseValidity,
  Secret,
} from '../src/index.js';

describe('addresses', () => {
  test.each([
    ['john.doe@company.com', true],
    ['jürgen.müller@example.de', true],
    ['support@company.com', true],
    ['no-at-sign.com', false],
    ['a@b', false],
    ['@company.com', false],
    ['john..doe@company.com', false],
    ['john@-company.com', false],
  ])('mailbox %s is valid: %s', (address, ok) => {
    expect(isValidMailbox(address)).toBe(ok);
  });

  test.each([
    ['domain-a.com', true],
    ['tax-consultants.com', true],
    ['domain-b', false],
    ['a..com', false],
    ['1.2.3.4', false],
  ])('domain %s is valid: %s', (domain, ok) => {
    expect(isValidDomain(domain)).toBe(ok);
  });
});

describe('suggestions', () => {
  test('a transposition counts as one edit', () => {
    expect(editDistance('nmae', 'name')).toBe(1);
  });
  test('did-you-mean ignores inner whitespace', () => {
    expect(didYouMean('pgp- state', ['pgp-state', 'smime-state'])).toBe('did you mean `pgp-state`?');
  });
  test('nothing close gives no hint', () => {
    expect(didYouMean('zzzzzz', ['name'])).toBeUndefined();
  });
});

describe('secrets', () => {
  test('a secret renders as the mask everywhere', () => {
    const s = new Secret('PA$$WORT');
    expect(String(s)).toBe(MASK);
    expect(`${s}`).toBe(MASK);
    expect(JSON.stringify({ s })).toBe(`{"s":"${MASK}"}`);
    expect(s.reveal()).toBe('PA$$WORT');
  });
});

describe('validity', () => {
  test('years, months and days parse; zero and junk do not', () => {
    expect(parseValidity('11y')).toEqual({ amount: 11, unit: 'y' });
    expect(parseValidity('6M')).toEqual({ amount: 6, unit: 'm' });
    expect(parseValidity('0y')).toBeUndefined();
    expect(parseValidity('y1')).toBeUndefined();
  });
  test('adding a year is calendar arithmetic in UTC', () => {
    expect(addValidity(new Date('2024-02-29T00:00:00Z'), { amount: 1, unit: 'y' }).toISOString()).toBe(
      '2025-03-01T00:00:00.000Z',
    );
  });
});
