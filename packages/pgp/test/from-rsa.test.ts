import { generateKeyPairSync } from 'node:crypto';
import { Secret } from '@usesync/domain';
import { decryptKey, readPrivateKey } from 'openpgp';
import { describe, expect, test } from 'vitest';
import { type PgpKeyRequest, pgpKeyFromRsa } from '../src/index.js';

const der = (type: 'rsa' | 'ec', bits = 2048): Uint8Array =>
  (type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: bits })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  ).privateKey.export({ type: 'pkcs8', format: 'der' });

const now = new Date('2026-06-01T09:00:00.500Z');
const request = { address: 'pool@example.com', name: 'Pool User', keyLength: 2048, now };

describe('PGP keys from pre-generated RSA material', () => {
  const material = { primary: der('rsa'), subkey: der('rsa') };

  test('the key is created at use time with the user ID, expiry and passphrase of the request', async () => {
    const key = await pgpKeyFromRsa(
      {
        ...request,
        comment: 'Retarus Key',
        validity: { amount: 2, unit: 'y' },
        passphrase: new Secret('pw-1'),
      },
      material,
    );
    expect(key.info.created.toISOString()).toBe('2026-06-01T09:00:00.000Z');
    expect(key.info.expires?.toISOString()).toBe('2028-06-01T09:00:00.000Z');
    expect(key.info.userIds).toEqual(['Pool User (Retarus Key) <pool@example.com>']);
    expect(key.info).toMatchObject({ algorithm: 'RSA', bits: 2048 });
    expect(key.info.subkeys).toHaveLength(1);
    const parsed = await readPrivateKey({ armoredKey: key.privateKeyArmored.reveal() });
    expect(parsed.isDecrypted()).toBe(false);
    const open = await decryptKey({ privateKey: parsed, passphrase: 'pw-1' });
    expect(open.isDecrypted()).toBe(true);
    expect(key.revocationCertificate).toContain('BEGIN PGP PUBLIC KEY BLOCK');
  });

  test('the same material at another time gives another fingerprint', async () => {
    const a = await pgpKeyFromRsa(request, material);
    const b = await pgpKeyFromRsa({ ...request, now: new Date('2026-06-02T09:00:00.000Z') }, material);
    expect(a.info.fingerprint).not.toBe(b.info.fingerprint);
  });

  test.each<[string, PgpKeyRequest, () => { primary: Uint8Array; subkey: Uint8Array }]>([
    ['a key of another size', { ...request, keyLength: 3072 }, () => material],
    ['EC material', request, () => ({ primary: der('ec'), subkey: der('ec') })],
    ['a Curve25519 request', { ...request, keyType: 'Curve25519' }, () => material],
  ])('%s is refused with PGP_KEY_MATERIAL_MISMATCH', async (_label, req, m) => {
    await expect(pgpKeyFromRsa(req, m())).rejects.toMatchObject({ code: 'PGP_KEY_MATERIAL_MISMATCH' });
  });
});
