import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { type Secret, UsesyncError } from '@usesync/domain';
import type { CertificateInfo } from './certificate.js';
import {
  algorithm,
  bmpString,
  ctx,
  ctxPrimitive,
  int,
  nul,
  objectId,
  octetString,
  seq,
  setOf,
} from './internal/der.js';
import { bmpPassword, encryptPbes2, MAX_ITERATIONS, Oid, pkcs12Mac } from './internal/pkcs12-crypto.js';
import { P12 } from './internal/pkcs12-structure.js';
import { keyMatchesCertificate } from './key-match.js';
import type { PrivateKey } from './private-key.js';

/** PBKDF2 and MAC iterations when the caller does not choose: 50× OpenSSL 3's default of 2048. */
export const PKCS12_DEFAULT_ITERATIONS = 100_000;

/** The smallest iteration count {@link buildPkcs12} accepts (RFC 8018 recommends at least 1000). */
export const PKCS12_MIN_ITERATIONS = 1000;

/** What goes into a PKCS#12 file. */
export interface BuildPkcs12Options {
  readonly key: PrivateKey;
  /** The certificate of the key. */
  readonly certificate: CertificateInfo | Uint8Array;
  /** Issuing certificates to include (intermediate first). */
  readonly chain?: readonly (CertificateInfo | Uint8Array)[];
  readonly passphrase: Secret;
  /** PBKDF2 iterations for key and certificates (default {@link PKCS12_DEFAULT_ITERATIONS}). */
  readonly iterations?: number;
  /** PKCS#12 MAC iterations (default: `iterations`; a weaker MAC would be the cheaper brute-force target). */
  readonly macIterations?: number;
  /** friendlyName attribute shown by mail clients when importing, e.g. the address. */
  readonly friendlyName?: string;
}

function derOf(c: CertificateInfo | Uint8Array): Uint8Array {
  return c instanceof Uint8Array ? c : c.der;
}

function checkIterations(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < PKCS12_MIN_ITERATIONS || n > MAX_ITERATIONS) {
    throw new UsesyncError(
      'X509_BAD_OPTION',
      `Cannot build PKCS#12: ${what} must be an integer from ${PKCS12_MIN_ITERATIONS} to ${MAX_ITERATIONS}`,
    );
  }
  return n;
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return seq(objectId(type), setOf(value));
}

function safeBag(bagId: string, value: Uint8Array, attributes: Uint8Array[]): Uint8Array {
  const parts = [objectId(bagId), ctx(0, value)];
  if (attributes.length > 0) parts.push(setOf(...attributes));
  return seq(...parts);
}

function certBag(der: Uint8Array, attributes: Uint8Array[]): Uint8Array {
  return safeBag(P12.certBag, seq(objectId(P12.x509Certificate), ctx(0, octetString(der))), attributes);
}

/**
 * Builds a PKCS#12 file (DER) with the key, its certificate and the chain, the way OpenSSL 3 lays
 * it out but with strong algorithms throughout: certificates in a PBES2-encrypted SafeContents, the
 * key in a PBES2 shrouded key bag (PBKDF2-HMAC-SHA256, AES-256-CBC, random salts and IVs), and an
 * HMAC-SHA256 MAC. OpenSSL 3, Windows 10+ and current mail clients read it.
 * @throws UsesyncError `X509_KEY_MISMATCH` when the key is not the certificate's,
 *   `X509_EMPTY_PASSPHRASE`, `X509_BAD_OPTION` (iterations), `X509_BAD_CERTIFICATE`.
 */
export async function buildPkcs12(options: BuildPkcs12Options): Promise<Uint8Array> {
  const iterations = checkIterations(options.iterations ?? PKCS12_DEFAULT_ITERATIONS, 'iterations');
  const macIterations = checkIterations(options.macIterations ?? iterations, 'macIterations');
  const passphrase = options.passphrase.reveal();
  if (passphrase === '')
    throw new UsesyncError('X509_EMPTY_PASSPHRASE', 'Cannot build PKCS#12: the passphrase is empty');
  const leaf = derOf(options.certificate);
  if (!keyMatchesCertificate(options.key, leaf)) {
    throw new UsesyncError(
      'X509_KEY_MISMATCH',
      'Cannot build PKCS#12: the private key does not match the certificate',
    );
  }
  const chain = (options.chain ?? []).map(derOf);
  for (const der of chain) {
    try {
      new X509Certificate(Buffer.from(der));
    } catch (cause) {
      throw new UsesyncError(
        'X509_BAD_CERTIFICATE',
        'Cannot build PKCS#12: a chain certificate is not DER X.509',
        {
          cause,
        },
      );
    }
  }
  const attributes = [attribute(P12.localKeyId, octetString(createHash('sha1').update(leaf).digest()))];
  if (options.friendlyName !== undefined)
    attributes.push(attribute(P12.friendlyName, bmpString(options.friendlyName)));

  const certs = seq(certBag(leaf, attributes), ...chain.map((der) => certBag(der, [])));
  const encryptedCerts = await encryptPbes2(certs, passphrase, { iterations });
  const certsInfo = seq(
    objectId(P12.encryptedData),
    ctx(
      0,
      seq(
        int(0),
        seq(objectId(P12.data), encryptedCerts.algorithmId, ctxPrimitive(0, encryptedCerts.ciphertext)),
      ),
    ),
  );
  const encryptedKey = await encryptPbes2(options.key.toPkcs8Der(), passphrase, { iterations });
  const keyBag = safeBag(
    P12.shroudedKeyBag,
    seq(encryptedKey.algorithmId, octetString(encryptedKey.ciphertext)),
    attributes,
  );
  const keyInfo = seq(objectId(P12.data), ctx(0, octetString(seq(keyBag))));

  const authSafe = seq(certsInfo, keyInfo);
  const macSalt = randomBytes(16);
  const mac = pkcs12Mac('sha256', bmpPassword(passphrase), macSalt, macIterations, authSafe);
  const macData = seq(
    seq(algorithm(Oid.sha256, nul()), octetString(mac)),
    octetString(macSalt),
    int(macIterations),
  );
  return seq(int(3), seq(objectId(P12.data), ctx(0, octetString(authSafe))), macData);
}
