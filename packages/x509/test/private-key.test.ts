import { inspect } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  createKeyAndCsr,
  generatePrivateKey,
  keyMatchesCertificate,
  PrivateKey,
  privateKeyToPkcs8Pem,
} from '../src/index.js';
import { createTestCa } from './helpers/test-ca.js';

let key: PrivateKey;
let certificate: Uint8Array;

beforeAll(async () => {
  const ca = await createTestCa();
  const made = await createKeyAndCsr({
    address: 'a@example.com',
    holder: { kind: 'team', name: 'A' },
    product: 'personal',
    keySpec: 'RSA-2048',
  });
  key = made.privateKey;
  certificate = await ca.issue(made.csr.der, '0a');
});

describe('PrivateKey', () => {
  test('never shows its material in String, JSON or inspect output', () => {
    const body = privateKeyToPkcs8Pem(key).split('\n')[1] ?? '';
    expect(body.length).toBeGreaterThan(40);
    for (const shown of [
      String(key),
      JSON.stringify({ key }),
      inspect(key),
      inspect({ nested: { key } }),
      `${key}`,
    ]) {
      expect(shown).toContain('PrivateKey(RSA-2048, ••••••)');
      expect(shown).not.toContain(body.slice(0, 20));
    }
  });

  test('round-trips through PKCS#8 PEM', () => {
    const pem = privateKeyToPkcs8Pem(key);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\n/g, ''), 'base64');
    const again = PrivateKey.fromPkcs8Der(der);
    expect(again.algorithm).toEqual({ kind: 'rsa', bits: 2048 });
    expect(Buffer.from(again.publicKeySpki())).toEqual(Buffer.from(key.publicKeySpki()));
  });

  test('fromPkcs8Der refuses garbage with X509_BAD_KEY and without echoing the input', () => {
    expect(() => PrivateKey.fromPkcs8Der(new Uint8Array([0x30, 0x00]))).toThrow(
      expect.objectContaining({
        code: 'X509_BAD_KEY',
        message: 'Cannot read private key: not a usable PKCS#8 key',
      }),
    );
  });
});

describe('keyMatchesCertificate', () => {
  test('is true for the key of the certificate and false for another key', async () => {
    expect(keyMatchesCertificate(key, certificate)).toBe(true);
    expect(keyMatchesCertificate(await generatePrivateKey('EC-P256'), certificate)).toBe(false);
  });

  test('is false for bytes that are not a certificate', () => {
    expect(keyMatchesCertificate(key, new Uint8Array([1, 2, 3]))).toBe(false);
  });
});
