import { createHash, X509Certificate } from 'node:crypto';
import { type Secret, UsesyncError } from '@usesync/domain';
import type * as Pkijs from 'pkijs';
import type { CertificateInfo } from './certificate.js';
import { loadPkcs12Lib, type Pkcs12Lib, passwordBytes } from './internal/pkcs12-lib.js';
import { MAX_ITERATIONS } from './internal/pkcs12-schemes.js';
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

const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';

/** A certBag holding the certificate's DER as given (not re-encoded). */
function certBag(lib: Pkcs12Lib, der: Uint8Array, bagAttributes?: Pkijs.Attribute[]): Pkijs.SafeBag {
  const bagValue = new lib.pkijs.CertBag({
    certId: X509_CERTIFICATE,
    certValue: new lib.asn1js.OctetString({ valueHex: der }),
  });
  return new lib.pkijs.SafeBag({ bagId: CERT_BAG, bagValue, ...(bagAttributes ? { bagAttributes } : {}) });
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
  const lib = await loadPkcs12Lib();
  const { pkijs, asn1js, engine } = lib;
  // friendlyName then localKeyId, in the order OpenSSL writes them.
  const attributes = [
    ...(options.friendlyName === undefined
      ? []
      : [
          new pkijs.Attribute({
            type: FRIENDLY_NAME,
            values: [new asn1js.BmpString({ value: options.friendlyName })],
          }),
        ]),
    new pkijs.Attribute({
      type: LOCAL_KEY_ID,
      values: [new asn1js.OctetString({ valueHex: createHash('sha1').update(leaf).digest() })],
    }),
  ];
  const password = passwordBytes(passphrase);
  // PBES2: PBKDF2-HMAC-SHA256 with a random salt, AES-256-CBC with a random IV (PKI.js picks both).
  const pbes2 = {
    password,
    contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 },
    hmacHashAlgorithm: 'SHA-256',
    iterationCount: iterations,
  };
  try {
    const keyBag = new pkijs.PKCS8ShroudedKeyBag({
      parsedValue: pkijs.PrivateKeyInfo.fromBER(options.key.toPkcs8Der()),
    });
    await keyBag.makeInternalValues(pbes2, engine);
    const authenticatedSafe = new pkijs.AuthenticatedSafe({
      parsedValue: {
        safeContents: [
          {
            privacyMode: 1, // password-encrypted: the certificates
            value: new pkijs.SafeContents({
              safeBags: [certBag(lib, leaf, attributes), ...chain.map((der) => certBag(lib, der))],
            }),
          },
          {
            privacyMode: 0, // plain: the key bag, itself encrypted
            value: new pkijs.SafeContents({
              safeBags: [
                new pkijs.SafeBag({ bagId: SHROUDED_KEY_BAG, bagValue: keyBag, bagAttributes: attributes }),
              ],
            }),
          },
        ],
      },
    });
    await authenticatedSafe.makeInternalValues({ safeContents: [pbes2, {}] }, engine);
    const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
    await pfx.makeInternalValues(
      { password, iterations: macIterations, pbkdf2HashAlgorithm: 'SHA-256', hmacHashAlgorithm: 'SHA-256' },
      engine,
    );
    return new Uint8Array(pfx.toSchema().toBER(false));
  } finally {
    new Uint8Array(password).fill(0);
  }
}
