import { UsesyncError } from '@usesync/domain';
import { describe, expect, test } from 'vitest';
import { buildSubject, type SubjectRequest } from '../src/index.js';

const defaults = { country: 'CH', organization: 'Example AG', locality: 'Zürich' };

describe('buildSubject', () => {
  test('a personal product puts given name and surname into the CN and keeps them apart', () => {
    const subject = buildSubject({
      address: 'John.Doe@Example.com',
      holder: { kind: 'person', givenName: 'John', surname: 'Doe' },
      product: 'personal',
      defaults,
    });
    expect(subject.address).toBe('john.doe@example.com');
    expect(subject.attributes).toEqual([
      { type: 'C', value: 'CH' },
      { type: 'L', value: 'Zürich' },
      { type: 'O', value: 'Example AG' },
      { type: 'SN', value: 'Doe' },
      { type: 'GN', value: 'John' },
      { type: 'CN', value: 'John Doe' },
      { type: 'E', value: 'john.doe@example.com' },
    ]);
  });

  test('an email-only product puts the address into the CN and no name attributes', () => {
    const subject = buildSubject({
      address: 'john.doe@example.com',
      holder: { kind: 'person', givenName: 'John', surname: 'Doe' },
      product: 'email-only',
    });
    expect(subject.attributes).toEqual([
      { type: 'CN', value: 'john.doe@example.com' },
      { type: 'E', value: 'john.doe@example.com' },
    ]);
  });

  test('a team certificate carries the team name as CN', () => {
    const subject = buildSubject({
      address: 'support@example.com',
      holder: { kind: 'team', name: '  Support   Team ' },
      product: 'personal',
      defaults,
      emailInSubject: false,
    });
    expect(subject.attributes.map((a) => `${a.type}=${a.value}`)).toEqual([
      'C=CH',
      'L=Zürich',
      'O=Example AG',
      'CN=Support Team',
    ]);
  });

  test('an internationalised domain is converted to its ASCII form for the SAN', () => {
    const subject = buildSubject({
      address: 'info@bücher.ch',
      holder: { kind: 'team', name: 'Info' },
      product: 'personal',
    });
    expect(subject.address).toBe('info@xn--bcher-kva.ch');
  });

  const person = { kind: 'person', givenName: 'John', surname: 'Doe' } as const;
  test.each<[string, SubjectRequest]>([
    ['an invalid address', { address: 'not-an-address', holder: person, product: 'personal' }],
    ['a non-ASCII local part', { address: 'jörg@example.com', holder: person, product: 'personal' }],
    [
      'a missing surname',
      { address: 'j@example.com', holder: { ...person, surname: ' ' }, product: 'personal' },
    ],
    [
      'an empty team name',
      { address: 'j@example.com', holder: { kind: 'team', name: '' }, product: 'personal' },
    ],
    [
      'a country that is not two letters',
      { address: 'j@example.com', holder: person, product: 'personal', defaults: { country: 'CHE' } },
    ],
    [
      'a CN over 64 characters',
      { address: 'j@example.com', holder: { kind: 'team', name: 'x'.repeat(65) }, product: 'personal' },
    ],
  ])('%s is refused with X509_BAD_SUBJECT', (_, request) => {
    expect(() => buildSubject(request)).toThrow(UsesyncError);
    try {
      buildSubject(request);
    } catch (error) {
      expect((error as UsesyncError).code).toBe('X509_BAD_SUBJECT');
      expect((error as UsesyncError).message).toMatch(/^Cannot build certificate subject: /);
    }
  });
});
