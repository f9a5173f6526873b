import { readFileSync } from 'node:fs';
import { Secret } from '@usesync/domain';
import { generateKey, readKey, readPrivateKey, revokeKey } from 'openpgp';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  exportPublicKeys,
  type GeneratedPgpKey,
  generatePgpKey,
  importPgpKeys,
  type PgpKeyRequest,
} from '../src/index.js';

const now = new Date('2026-12-15T12:00:00.000Z');
const made = new Date('2026-12-01T08:00:00.000Z');
const ecc = (address: string, extra: Partial<PgpKeyRequest> = {}): PgpKeyRequest => ({
  address,
  name: address.split('@')[0]!,
  keyType: 'Curve25519',
  now: made,
  ...extra,
});
const passphrase = new Secret('tenant-default-passphrase');

let alice: GeneratedPgpKey;
let bob: GeneratedPgpKey;
let locked: GeneratedPgpKey;
let expired: GeneratedPgpKey;
let weak: GeneratedPgpKey;
let revokedArmored: string;

beforeAll(async () => {
  [alice, bob, locked, expired, weak] = await Promise.all([
    generatePgpKey(ecc('alice@example.com')),
    generatePgpKey(ecc('bob@example.com')),
    generatePgpKey(ecc('locked@example.com', { passphrase })),
    generatePgpKey(
      ecc('expired@example.com', {
        now: new Date('2024-01-01T00:00:00Z'),
        validity: { amount: 1, unit: 'y' },
      }),
    ),
    generatePgpKey(
      { address: 'weak@example.com', name: 'Weak', keyLength: 1024, now: made },
      { policy: { minRsaBits: 1024 } },
    ),
  ]);
  const revoked = await generatePgpKey(ecc('revoked@example.com'));
  const privateKey = await readPrivateKey({ armoredKey: revoked.privateKeyArmored.reveal() });
  revokedArmored = (await revokeKey({ key: privateKey, date: new Date('2026-12-10T00:00:00Z') })).publicKey;
});

const codes = (r: { problems: readonly { code: string }[] }) => r.problems.map((p) => p.code);

describe('importPgpKeys', () => {
  test('reads many keys from several armour blocks with text around them, in file order', async () => {
    const file = `Keys of the team\n${alice.publicKeyArmored}\nand\n${bob.publicKeyArmored}${locked.publicKeyArmored}`;
    const result = await importPgpKeys(file, { now });
    expect(result.problems).toEqual([]);
    expect(result.keys.map((k) => [k.block, k.info.addresses[0], k.accepted])).toEqual([
      [1, 'alice@example.com', true],
      [2, 'bob@example.com', true],
      [3, 'locked@example.com', true],
    ]);
    expect(result.keys[0]?.info.fingerprint).toBe(alice.info.fingerprint);
  });

  test('reads concatenated binary keys', async () => {
    const a = (await readKey({ armoredKey: alice.publicKeyArmored })).write();
    const b = (await readKey({ armoredKey: bob.publicKeyArmored })).write();
    const result = await importPgpKeys(new Uint8Array([...a, ...b]), { now });
    expect(result.keys.map((k) => k.info.fingerprint)).toEqual([
      alice.info.fingerprint,
      bob.info.fingerprint,
    ]);
    expect(result.keys.every((k) => k.accepted)).toBe(true);
  });

  test('reads armoured text given as bytes', async () => {
    const result = await importPgpKeys(new TextEncoder().encode(alice.publicKeyArmored), { now });
    expect(result.keys.map((k) => k.info.fingerprint)).toEqual([alice.info.fingerprint]);
  });

  test('rejects an expired key with the date it expired', async () => {
    const [key] = (await importPgpKeys(expired.publicKeyArmored, { now })).keys;
    expect(key?.accepted).toBe(false);
    expect(codes(key!)).toEqual(['PGP_KEY_EXPIRED']);
    expect(key?.problems[0]?.message).toContain('expired on 2025-01-01');
  });

  test('rejects a revoked key', async () => {
    const [key] = (await importPgpKeys(revokedArmored, { now })).keys;
    expect(key?.accepted).toBe(false);
    expect(codes(key!)).toEqual(['PGP_KEY_REVOKED']);
  });

  test('rejects a key that was created after now', async () => {
    const [key] = (await importPgpKeys(alice.publicKeyArmored, { now: new Date('2026-11-30T00:00:00Z') }))
      .keys;
    expect(codes(key!)).toEqual(['PGP_KEY_NOT_YET_VALID']);
  });

  test('rejects RSA 1024 under the default policy and accepts it under a 1024-bit policy', async () => {
    const [strict] = (await importPgpKeys(weak.publicKeyArmored, { now })).keys;
    expect(codes(strict!)).toEqual(['PGP_KEY_TOO_WEAK', 'PGP_KEY_TOO_WEAK']);
    expect(strict?.problems[0]?.message).toContain('RSA 1024 bits is shorter than the 2048 bits');
    const [lenient] = (await importPgpKeys(weak.publicKeyArmored, { now, policy: { minRsaBits: 1024 } }))
      .keys;
    expect(lenient?.accepted).toBe(true);
  });

  test('rejects a GnuPG DSA/ElGamal key as weak, with its metadata intact', async () => {
    const file = readFileSync(new URL('./fixtures/dsa-elgamal-public.asc', import.meta.url), 'utf8');
    const [key] = (await importPgpKeys(file, { now })).keys;
    expect(key?.info).toMatchObject({ algorithm: 'DSA', bits: 2048, addresses: ['old.dsa@example.com'] });
    expect(key?.info.subkeys[0]).toMatchObject({ algorithm: 'ElGamal', bits: 2048 });
    expect(codes(key!)).toEqual(['PGP_KEY_TOO_WEAK', 'PGP_KEY_TOO_WEAK']);
  });

  test('rejects a key without an encryption key and a key without an address', async () => {
    const signOnly = await generateKey({
      userIDs: [{ name: 'S', email: 's@example.com' }],
      subkeys: [],
      date: made,
    });
    const noMail = await generateKey({ userIDs: [{ name: 'No Mail' }], date: made });
    const result = await importPgpKeys(signOnly.publicKey + noMail.publicKey, { now });
    expect(result.keys.map(codes)).toEqual([['PGP_KEY_NO_ENCRYPTION'], ['PGP_KEY_NO_ADDRESS']]);
  });

  test('unlocks a private key with the first passphrase that fits and hands back that passphrase', async () => {
    const passphrases = [new Secret('wrong-one'), passphrase];
    const [key] = (await importPgpKeys(locked.privateKeyArmored.reveal(), { now, passphrases })).keys;
    expect(key?.accepted).toBe(true);
    expect(key?.info.isPrivate).toBe(true);
    expect(key?.passphrase?.equals(passphrase)).toBe(true);
    expect(key?.privateKeyArmored?.reveal()).toContain('BEGIN PGP PRIVATE KEY BLOCK');
    expect(key?.publicKeyArmored).toContain('BEGIN PGP PUBLIC KEY BLOCK');
  });

  test('reports one clear problem for a private key no passphrase fits, naming no passphrase', async () => {
    const passphrases = [new Secret('wrong-one'), new Secret('wrong-two')];
    const [key] = (await importPgpKeys(locked.privateKeyArmored.reveal(), { now, passphrases })).keys;
    expect(key?.accepted).toBe(false);
    expect(codes(key!)).toEqual(['PGP_PASSPHRASE_WRONG']);
    const printed = JSON.stringify(key);
    expect(printed).not.toMatch(/wrong-one|wrong-two|tenant-default|PRIVATE KEY/);
  });

  test('accepts an unprotected private key without any passphrase', async () => {
    const [key] = (await importPgpKeys(alice.privateKeyArmored.reveal(), { now })).keys;
    expect(key?.accepted).toBe(true);
    expect(key?.passphrase).toBeUndefined();
  });

  test.each([
    ['an empty file', '', ['PGP_EMPTY']],
    ['plain text', 'hello\nworld\n', ['PGP_EMPTY']],
    ['a PGP message', '-----BEGIN PGP MESSAGE-----\n\nabc\n-----END PGP MESSAGE-----\n', ['PGP_UNREADABLE']],
    [
      'a damaged key block',
      '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!\n-----END PGP PUBLIC KEY BLOCK-----',
      ['PGP_UNREADABLE'],
    ],
    ['a truncated key block', '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQEN', ['PGP_UNREADABLE']],
    ['binary garbage', new Uint8Array([0x99, 1, 2, 3]), ['PGP_UNREADABLE']],
  ])('reports %s as a file problem, not an exception', async (_title, data, expected) => {
    const result = await importPgpKeys(data, { now });
    expect(result.keys).toEqual([]);
    expect(codes(result)).toEqual(expected);
  });

  test('keeps the good keys of a file whose other block is damaged', async () => {
    const file = `${alice.publicKeyArmored}-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!\n-----END PGP PUBLIC KEY BLOCK-----\n`;
    const result = await importPgpKeys(file, { now });
    expect(result.keys).toHaveLength(1);
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringContaining('Block 2')]);
  });
});

describe('exportPublicKeys', () => {
  test('exports the public part of private and public keys, armoured', async () => {
    const out = await exportPublicKeys(locked.privateKeyArmored.reveal() + bob.publicKeyArmored);
    expect(out).toHaveLength(2);
    const keys = await Promise.all(out.map((armoredKey) => readKey({ armoredKey })));
    expect(keys.map((k) => [k.isPrivate(), k.getFingerprint().toUpperCase()])).toEqual([
      [false, locked.info.fingerprint],
      [false, bob.info.fingerprint],
    ]);
    expect(out.join('')).not.toContain('PRIVATE');
  });

  test('throws PGP_UNREADABLE when there is no key', async () => {
    await expect(exportPublicKeys('nothing')).rejects.toMatchObject({ code: 'PGP_UNREADABLE' });
  });
});
