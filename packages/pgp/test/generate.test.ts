import { inspect } from 'node:util';
import { Secret, UsesyncError } from '@usesync/domain';
import { decryptKey, readKey, readPrivateKey } from 'openpgp';
import { describe, expect, test } from 'vitest';
import { generatePgpKey, type PgpKeyRequest } from '../src/index.js';

const now = new Date('2026-03-01T10:00:00.750Z');
const created = new Date('2026-03-01T10:00:00.000Z');
const request: PgpKeyRequest = {
  address: 'john.doe@company.com',
  name: 'John Doe',
  comment: 'Retarus Key',
  keyLength: 2048,
  validity: { amount: 11, unit: 'y' },
  now,
};

describe('generatePgpKey', () => {
  test.each(['node', 'openpgp'] as const)(
    'makes an RSA primary key and encryption subkey with the user ID and expiry asked for (%s engine)',
    async (engine) => {
      const key = await generatePgpKey(request, { engine });
      expect(key.info).toMatchObject({
        algorithm: 'RSA',
        bits: 2048,
        created,
        expires: new Date('2037-03-01T10:00:00.000Z'),
        userIds: ['John Doe (Retarus Key) <john.doe@company.com>'],
        addresses: ['john.doe@company.com'],
        isPrivate: true,
      });
      expect(key.info.fingerprint).toMatch(/^[0-9A-F]{40}$/);
      expect(key.info.keyId).toBe(key.info.fingerprint.slice(-16));
      expect(key.info.subkeys).toHaveLength(1);
      expect(key.info.subkeys[0]).toMatchObject({ algorithm: 'RSA', bits: 2048, created });
      const pub = await readKey({ armoredKey: key.publicKeyArmored });
      expect(pub.isPrivate()).toBe(false);
      const enc = await pub.getEncryptionKey(undefined, new Date('2030-01-01'));
      expect(enc.getKeyID().toHex().toUpperCase()).toBe(key.info.subkeys[0]?.keyId);
      expect(key.revocationCertificate).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    },
  );

  test('makes a one-year key by default', async () => {
    const key = await generatePgpKey({ address: 'a@company.com', name: 'A', keyType: 'Curve25519', now });
    expect(key.info.expires).toEqual(new Date('2027-03-01T10:00:00.000Z'));
    expect(key.info).toMatchObject({ algorithm: 'EdDSA', bits: 255 });
    expect(key.info.subkeys[0]).toMatchObject({ algorithm: 'ECDH', curve: 'curve25519Legacy' });
  });

  test('refuses RSA 1024 by default and makes it when the policy allows it', async () => {
    const weak = { ...request, keyLength: 1024 };
    await expect(generatePgpKey(weak)).rejects.toMatchObject({ code: 'PGP_KEY_TOO_WEAK' });
    const key = await generatePgpKey(weak, { policy: { minRsaBits: 1024 } });
    expect(key.info.bits).toBe(1024);
  });

  test('answers keytype DSA with a typed error, not a crash', async () => {
    const err = await generatePgpKey({ ...request, keyType: 'DSA' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsesyncError);
    expect(err).toMatchObject({ code: 'PGP_DSA_UNSUPPORTED' });
  });

  test('protects the private key with the passphrase and never shows key or passphrase when printed', async () => {
    const passphrase = new Secret('correct horse battery staple');
    const key = await generatePgpKey({ ...request, keyType: 'Curve25519', passphrase });
    const priv = await readPrivateKey({ armoredKey: key.privateKeyArmored.reveal() });
    expect(priv.isDecrypted()).toBe(false);
    await expect(decryptKey({ privateKey: priv, passphrase: passphrase.reveal() })).resolves.toBeDefined();
    const printed = `${inspect(key, { depth: 5 })}${JSON.stringify(key)}${String(key.privateKeyArmored)}`;
    expect(printed).not.toContain('PRIVATE KEY');
    expect(printed).not.toContain('correct horse');
  });
});
