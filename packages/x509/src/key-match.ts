import { createPublicKey, X509Certificate } from 'node:crypto';
import type { CertificateInfo } from './certificate.js';
import { keyObjectOf, type PrivateKey } from './private-key.js';

/**
 * True when the private key belongs to the certificate's public key (the key material is compared,
 * not the encodings). False for a certificate that cannot be parsed.
 */
export function keyMatchesCertificate(key: PrivateKey, certificate: CertificateInfo | Uint8Array): boolean {
  const der = certificate instanceof Uint8Array ? certificate : certificate.der;
  try {
    const cert = new X509Certificate(Buffer.from(der));
    return cert.publicKey.equals(createPublicKey(keyObjectOf(key)));
  } catch {
    return false;
  }
}
