import type * as Pkijs from 'pkijs';
import type { Pkcs12Lib } from './pkcs12-lib.js';
import { classifyScheme, type MacParams, readMac, SchemeError } from './pkcs12-schemes.js';

const DATA = '1.2.840.113549.1.7.1';
const SIGNED_DATA = '1.2.840.113549.1.7.2';
const ENVELOPED_DATA = '1.2.840.113549.1.7.3';
const ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const SAFE_CONTENTS_BAG = '1.2.840.113549.1.12.10.1.6';
const X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
const MAX_NESTING = 4;

/** Thrown for input that is not a PKCS#12 file; callers turn it into a diagnostic. */
export class NotPkcs12Error extends Error {
  constructor(what: string) {
    super(`Not PKCS#12: ${what}`);
    this.name = 'NotPkcs12Error';
  }
}

/** The parts of a PKCS#12 file that are readable without a passphrase. */
export interface Pkcs12Container {
  /** The AuthenticatedSafe, which the MAC is computed over. */
  readonly authSafeBytes: ArrayBuffer;
  readonly mac?: MacParams;
  /** True when some content or key is encrypted under the passphrase. */
  readonly encrypted: boolean;
}

/** What one passphrase opened: private keys (PKCS#8 DER) and certificates (DER), in file order. */
export interface Pkcs12Contents {
  readonly keys: Uint8Array[];
  readonly certificates: Uint8Array[];
}

/** The SafeBags of a SafeContents, nested SafeContents bags flattened (depth-limited). */
function flatten(safeContents: Pkijs.SafeContents, depth = 0): Pkijs.SafeBag[] {
  if (depth > MAX_NESTING) throw new NotPkcs12Error('SafeContents nested too deeply');
  return safeContents.safeBags.flatMap((bag) =>
    bag.bagId === SAFE_CONTENTS_BAG ? flatten(bag.bagValue as Pkijs.SafeContents, depth + 1) : [bag],
  );
}

function octets(lib: Pkcs12Lib, value: unknown, what: string): ArrayBuffer {
  if (!(value instanceof lib.asn1js.OctetString)) throw new NotPkcs12Error(what);
  return value.getValue();
}

/**
 * Parses the outer structure with PKI.js and classifies every encryption scheme and the MAC before
 * any passphrase is tried. Throws NotPkcs12Error, or SchemeError for legacy, public-key and unknown
 * schemes.
 */
export function parseContainer(lib: Pkcs12Lib, bytes: Uint8Array): Pkcs12Container {
  const { pkijs } = lib;
  let pfx: Pkijs.PFX;
  let authenticatedSafe: Pkijs.AuthenticatedSafe;
  let authSafeBytes: ArrayBuffer;
  try {
    pfx = pkijs.PFX.fromBER(bytes);
    if (pfx.version !== 3) throw new NotPkcs12Error('PFX version');
    if (pfx.authSafe.contentType === SIGNED_DATA) {
      throw new SchemeError({ kind: 'unsupported', name: 'public-key integrity mode' });
    }
    if (pfx.authSafe.contentType !== DATA) throw new NotPkcs12Error('authSafe content type');
    authSafeBytes = octets(lib, pfx.authSafe.content, 'authSafe content');
    authenticatedSafe = pkijs.AuthenticatedSafe.fromBER(authSafeBytes);
  } catch (error) {
    if (error instanceof SchemeError || error instanceof NotPkcs12Error) throw error;
    throw new NotPkcs12Error('undecodable');
  }
  const algorithms: Pkijs.AlgorithmIdentifier[] = [];
  for (const info of authenticatedSafe.safeContents) {
    if (info.contentType === ENVELOPED_DATA) {
      throw new SchemeError({ kind: 'unsupported', name: 'public-key privacy mode' });
    }
    try {
      if (info.contentType === ENCRYPTED_DATA) {
        const encrypted = new pkijs.EncryptedData({ schema: info.content });
        algorithms.push(encrypted.encryptedContentInfo.contentEncryptionAlgorithm);
      } else if (info.contentType === DATA) {
        const safeContents = pkijs.SafeContents.fromBER(octets(lib, info.content, 'SafeContents'));
        for (const bag of flatten(safeContents)) {
          if (bag.bagId === SHROUDED_KEY_BAG) {
            algorithms.push((bag.bagValue as Pkijs.PKCS8ShroudedKeyBag).encryptionAlgorithm);
          }
        }
      } else {
        throw new NotPkcs12Error('unknown content type');
      }
    } catch (error) {
      if (error instanceof NotPkcs12Error) throw error;
      throw new NotPkcs12Error('undecodable SafeContents');
    }
  }
  for (const algorithm of algorithms) {
    const scheme = classifyScheme(lib, algorithm);
    if (scheme.kind !== 'supported') throw new SchemeError(scheme);
  }
  const container = { authSafeBytes, encrypted: algorithms.length > 0 };
  return pfx.macData === undefined ? container : { ...container, mac: readMac(pfx.macData) };
}

/**
 * Decrypts everything under `password` (UTF-8 bytes) with PKI.js. Undefined when the passphrase
 * does not open the file (bad padding, or plaintext that is not the expected ASN.1).
 */
export async function openContainer(
  lib: Pkcs12Lib,
  container: Pkcs12Container,
  password: ArrayBuffer,
): Promise<Pkcs12Contents | undefined> {
  const { pkijs, engine } = lib;
  const keys: Uint8Array[] = [];
  const certificates: Uint8Array[] = [];
  try {
    // Parsed afresh for every attempt: PKI.js rewrites the asn1js values it parses.
    const safe = pkijs.AuthenticatedSafe.fromBER(container.authSafeBytes);
    await safe.parseInternalValues(
      { safeContents: safe.safeContents.map((c) => (c.contentType === ENCRYPTED_DATA ? { password } : {})) },
      engine,
    );
    const parsed = safe.parsedValue as { safeContents: { value: Pkijs.SafeContents }[] };
    for (const bag of parsed.safeContents.flatMap((s) => flatten(s.value))) {
      if (bag.bagId === KEY_BAG) {
        keys.push(new Uint8Array((bag.bagValue as Pkijs.KeyBag).toSchema().toBER(false)));
      } else if (bag.bagId === SHROUDED_KEY_BAG) {
        const shrouded = bag.bagValue as Pkijs.PKCS8ShroudedKeyBag;
        const encrypted = new pkijs.EncryptedData({
          encryptedContentInfo: new pkijs.EncryptedContentInfo({
            contentEncryptionAlgorithm: shrouded.encryptionAlgorithm,
            encryptedContent: shrouded.encryptedData,
          }),
        });
        const pkcs8 = await encrypted.decrypt({ password }, engine);
        pkijs.PrivateKeyInfo.fromBER(pkcs8); // plaintext from a wrong passphrase is not PKCS#8
        keys.push(new Uint8Array(pkcs8));
      } else if (bag.bagId === CERT_BAG) {
        const cert = bag.bagValue as Pkijs.CertBag;
        if (cert.certId === X509_CERTIFICATE)
          certificates.push(new Uint8Array(octets(lib, cert.certValue, 'cert')));
      }
    }
  } catch {
    return undefined;
  }
  return { keys, certificates };
}

/** True when the MAC verifies with `password` (UTF-8 bytes; PKI.js encodes it as PKCS#12 wants). */
export function macMatches(
  lib: Pkcs12Lib,
  container: Pkcs12Container,
  password: ArrayBuffer,
): Promise<boolean> {
  const mac = container.mac;
  if (mac === undefined) return Promise.resolve(true);
  return lib.engine.verifyDataStampedWithPassword({
    password,
    hashAlgorithm: mac.hashAlgorithm,
    salt: mac.salt,
    iterationCount: mac.iterationCount,
    contentToVerify: container.authSafeBytes,
    signatureToVerify: mac.expected,
  });
}
