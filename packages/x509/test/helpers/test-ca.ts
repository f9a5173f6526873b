import type { webcrypto } from 'node:crypto';
import { loadX509, nativeCrypto } from '../../src/internal/runtime.js';

/** Fixed dates, so tests do not depend on the clock. */
export const NOT_BEFORE = new Date('2026-01-01T00:00:00Z');
export const NOT_AFTER = new Date('2027-01-01T00:00:00Z');

/** A tiny CA made with @peculiar/x509 (EC P-256, self-signed) that signs CSRs. */
export interface TestCa {
  readonly der: Uint8Array;
  readonly pem: string;
  /** Issues an end-entity certificate for a CSR, copying its requested extensions. */
  issue(csrDer: Uint8Array, serial: string): Promise<Uint8Array>;
}

export async function createTestCa(name = 'CN=usesync Test CA, O=usesync tests, C=CH'): Promise<TestCa> {
  const x509 = await loadX509();
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await nativeCrypto.subtle.generateKey(alg, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name,
      keys,
      serialNumber: '01',
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      signingAlgorithm: alg,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nativeCrypto),
      ],
    },
    nativeCrypto,
  );
  return {
    der: new Uint8Array(ca.rawData),
    pem: ca.toString('pem'),
    async issue(csrDer, serial) {
      const csr = new x509.Pkcs10CertificateRequest(Buffer.from(csrDer));
      const cert = await x509.X509CertificateGenerator.create(
        {
          serialNumber: serial,
          subject: csr.subjectName,
          issuer: ca.subjectName,
          notBefore: NOT_BEFORE,
          notAfter: NOT_AFTER,
          publicKey: csr.publicKey,
          signingKey: keys.privateKey,
          signingAlgorithm: alg,
          extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            ...csr.extensions,
            await x509.AuthorityKeyIdentifierExtension.create(ca, false, nativeCrypto),
          ],
        },
        nativeCrypto,
      );
      return new Uint8Array(cert.rawData);
    },
  };
}
