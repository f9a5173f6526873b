import { beforeAll, describe, expect, test } from 'vitest';
import {
  type CertificateInfo,
  certificateToPem,
  createKeyAndCsr,
  parseCertificateDer,
  parseCertificates,
  privateKeyToPkcs8Pem,
  X509Codes,
} from '../src/index.js';
import { hasOpenssl, openssl } from './helpers/openssl.js';
import { createTestCa, type TestCa } from './helpers/test-ca.js';

let ca: TestCa;
let leafDer: Uint8Array;
let keyPem: string;

beforeAll(async () => {
  ca = await createTestCa();
  const { privateKey, csr } = await createKeyAndCsr({
    address: 'John.Doe@example.com',
    holder: { kind: 'person', givenName: 'John', surname: 'Doe' },
    product: 'personal',
    defaults: { country: 'CH', organization: 'Example AG' },
    keySpec: 'EC-P256',
  });
  leafDer = await ca.issue(csr.der, '00c0ffee01');
  keyPem = privateKeyToPkcs8Pem(privateKey);
});

describe('parseCertificateDer', () => {
  test('reads serial, names, SAN, validity, key usage, EKU and fingerprint of an S/MIME certificate', async () => {
    const info = await parseCertificateDer(leafDer);
    expect(info).toMatchObject({
      serial: 'c0ffee01',
      issuerDn: 'CN=usesync Test CA, O=usesync tests, C=CH',
      commonName: 'John Doe',
      sanEmails: ['john.doe@example.com'],
      emails: ['john.doe@example.com'],
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-01-01T00:00:00.000Z',
      keyUsage: ['digitalSignature', 'keyAgreement'],
      extendedKeyUsage: ['emailProtection'],
      isCa: false,
      selfIssued: false,
      publicKey: { kind: 'ec', curve: 'P-256' },
    });
    expect(info.subjectDn).toContain('CN=John Doe');
    expect(info.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('recognises a CA certificate', async () => {
    const info = await parseCertificateDer(ca.der);
    expect(info).toMatchObject({
      isCa: true,
      selfIssued: true,
      keyUsage: ['keyCertSign', 'cRLSign'],
      serial: '1',
    });
  });

  test('throws X509_BAD_CERTIFICATE for bytes that are not a certificate', async () => {
    await expect(parseCertificateDer(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).rejects.toMatchObject({
      code: 'X509_BAD_CERTIFICATE',
    });
  });
});

describe('parseCertificates', () => {
  test('reads a PEM bundle, skips a private key block with a warning, and keeps file order', async () => {
    const text = `subject=CN = John Doe\n${certificateToPem(leafDer)}${keyPem}${ca.pem}`;
    const { value, diagnostics } = await parseCertificates(text, { fileName: 'john.pem' });
    expect(value.map((c: CertificateInfo) => c.serial)).toEqual(['c0ffee01', '1']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', code: X509Codes.SkippedPemBlock });
    expect(diagnostics[0]?.line).toBe(2 + certificateToPem(leafDer).split('\n').length - 1);
    expect(diagnostics[0]?.message).toBe(
      '"john.pem", PEM block "PRIVATE KEY" is not a certificate and was skipped.',
    );
    expect(JSON.stringify(diagnostics)).not.toContain(keyPem.split('\n')[1]);
  });

  test('reads DER', async () => {
    const { value, diagnostics } = await parseCertificates(leafDer);
    expect(diagnostics).toEqual([]);
    expect(value[0]?.serial).toBe('c0ffee01');
  });

  test('reports a damaged PEM block at its line and still returns the good certificates', async () => {
    const broken = certificateToPem(ca.der).replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
    const { value, diagnostics } = await parseCertificates(`${certificateToPem(leafDer)}\n${broken}`);
    expect(value).toHaveLength(1);
    expect(diagnostics).toMatchObject([{ severity: 'error', code: X509Codes.DamagedPemBlock }]);
    expect(diagnostics[0]?.line).toBeGreaterThan(1);
  });

  test.each<[string, Uint8Array | string, string]>([
    ['garbage bytes', new Uint8Array([1, 2, 3, 4]), X509Codes.NotACertificate],
    ['text without PEM blocks', 'hello', X509Codes.NoCertificate],
  ])('reports %s as one error', async (_, input, code) => {
    const { value, diagnostics } = await parseCertificates(input);
    expect(value).toEqual([]);
    expect(diagnostics).toMatchObject([{ severity: 'error', code, line: 1, column: 1 }]);
  });
});

describe.skipIf(!hasOpenssl)('certificate interop with OpenSSL', () => {
  test('serial and SHA-256 fingerprint agree with openssl x509', async () => {
    const run = await openssl(['x509', '-noout', '-serial', '-fingerprint', '-sha256'], {
      input: certificateToPem(leafDer),
    });
    expect(run.code, run.stderr).toBe(0);
    const info = await parseCertificateDer(leafDer);
    const out = run.stdout.toString();
    expect(out).toContain(`serial=${info.serial.toUpperCase()}`);
    expect(out.replace(/:/g, '').toLowerCase()).toContain(info.fingerprintSha256);
  });

  test('reads a PKCS#7 bundle made by openssl crl2pkcs7, as PEM and as DER', async () => {
    const pem = `${certificateToPem(leafDer)}${ca.pem}`;
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'usesync-x509-'));
    try {
      writeFileSync(join(dir, 'certs.pem'), pem);
      const p7pem = await openssl(['crl2pkcs7', '-nocrl', '-certfile', join(dir, 'certs.pem')]);
      const p7der = await openssl([
        'crl2pkcs7',
        '-nocrl',
        '-certfile',
        join(dir, 'certs.pem'),
        '-outform',
        'DER',
      ]);
      for (const input of [p7pem.stdout.toString(), new Uint8Array(p7der.stdout)]) {
        const { value, diagnostics } = await parseCertificates(input);
        expect(diagnostics).toEqual([]);
        expect(value.map((c) => c.serial).sort()).toEqual(['1', 'c0ffee01']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
