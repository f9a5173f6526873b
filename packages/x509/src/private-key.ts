import { createPrivateKey, createPublicKey, type KeyObject, type webcrypto } from 'node:crypto';
import { MASK, UsesyncError } from '@usesync/domain';
import { toPem } from './internal/pem.js';
import { nativeCrypto } from './internal/runtime.js';

/** The key types usesync generates for S/MIME: RSA of three lengths or ECDSA on two NIST curves. */
export type KeySpec = 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'EC-P256' | 'EC-P384';

/** Every {@link KeySpec}, in order of preference of the manual (RSA first). */
export const KEY_SPECS: readonly KeySpec[] = ['RSA-2048', 'RSA-3072', 'RSA-4096', 'EC-P256', 'EC-P384'];

/** What a key is, without its material: RSA with its modulus length, EC with its curve, or other. */
export type KeyAlgorithmInfo =
  | { readonly kind: 'rsa'; readonly bits: number }
  | { readonly kind: 'ec'; readonly curve: string }
  | { readonly kind: 'other'; readonly type: string };

const material = new WeakMap<PrivateKey, KeyObject>();

/**
 * A private key held in memory. Like `Secret`, it masks itself: `String()`, `JSON.stringify` and
 * `util.inspect` show only the algorithm, never the material. The material leaves only through
 * {@link privateKeyToPkcs8Pem} / {@link PrivateKey.toPkcs8Der} (for in-memory hand-over, e.g. to a
 * PKCS#12 builder or the gateway API) — never write it to a log.
 */
export class PrivateKey {
  /** The key type and size. */
  readonly algorithm: KeyAlgorithmInfo;

  private constructor(key: KeyObject) {
    material.set(this, key);
    this.algorithm = describeKey(key);
  }

  /**
   * Reads an unencrypted PKCS#8 `PrivateKeyInfo` (DER).
   * @throws UsesyncError `X509_BAD_KEY` when the bytes are not a private key Node can use.
   */
  static fromPkcs8Der(der: Uint8Array): PrivateKey {
    try {
      return new PrivateKey(createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }));
    } catch (cause) {
      throw new UsesyncError('X509_BAD_KEY', 'Cannot read private key: not a usable PKCS#8 key', { cause });
    }
  }

  /**
   * Wraps a Node private `KeyObject`.
   * @throws UsesyncError `X509_BAD_KEY` when the object is not a private key.
   */
  static fromKeyObject(key: KeyObject): PrivateKey {
    if (key.type !== 'private') {
      throw new UsesyncError(
        'X509_BAD_KEY',
        `Cannot wrap key: expected a private key, got a ${key.type} key`,
      );
    }
    return new PrivateKey(key);
  }

  /** The unencrypted PKCS#8 DER encoding. For in-memory use only. */
  toPkcs8Der(): Uint8Array {
    return new Uint8Array(keyObjectOf(this).export({ type: 'pkcs8', format: 'der' }));
  }

  /** The public half as SubjectPublicKeyInfo DER. */
  publicKeySpki(): Uint8Array {
    return new Uint8Array(createPublicKey(keyObjectOf(this)).export({ type: 'spki', format: 'der' }));
  }

  /** A short label such as `RSA-2048` or `EC-P256`. */
  get label(): string {
    return keyLabel(this.algorithm);
  }

  /** The mask with the key type. */
  toString(): string {
    return `PrivateKey(${this.label}, ${MASK})`;
  }

  /** The mask with the key type. */
  toJSON(): string {
    return this.toString();
  }

  /** The mask with the key type, for `console.log` and `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** The Node `KeyObject` behind a {@link PrivateKey}. Internal: not exported from the package. */
export function keyObjectOf(key: PrivateKey): KeyObject {
  const k = material.get(key);
  if (k === undefined) throw new UsesyncError('BUG', 'Cannot use private key: not created by @usesync/x509');
  return k;
}

/** A short label such as `RSA-2048`, `EC-P256` or the key type for anything else. */
export function keyLabel(info: KeyAlgorithmInfo): string {
  switch (info.kind) {
    case 'rsa':
      return `RSA-${info.bits}`;
    case 'ec':
      return `EC-${info.curve.replace('-', '')}`;
    case 'other':
      return info.type;
  }
}

const CURVE_NAMES: Record<string, string> = {
  prime256v1: 'P-256',
  'P-256': 'P-256',
  secp384r1: 'P-384',
  'P-384': 'P-384',
  secp521r1: 'P-521',
  'P-521': 'P-521',
};

/** Describes a Node key object (public or private) without touching its material. */
export function describeKey(key: KeyObject): KeyAlgorithmInfo {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss') return { kind: 'rsa', bits: details.modulusLength ?? 0 };
  if (type === 'ec') {
    const curve = details.namedCurve ?? 'unknown';
    return { kind: 'ec', curve: CURVE_NAMES[curve] ?? curve };
  }
  return { kind: 'other', type };
}

/** The WebCrypto signing algorithm (with hash) usesync uses for a key: PKCS#1 v1.5 or ECDSA. */
export function signingAlgorithmFor(
  info: KeyAlgorithmInfo,
): webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams {
  if (info.kind === 'rsa') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (info.kind === 'ec' && info.curve === 'P-256') return { name: 'ECDSA', namedCurve: 'P-256' };
  if (info.kind === 'ec' && info.curve === 'P-384') return { name: 'ECDSA', namedCurve: 'P-384' };
  throw new UsesyncError(
    'X509_UNSUPPORTED_KEY',
    `Cannot sign with a ${keyLabel(info)} key: unsupported type`,
  );
}

/** The hash that goes with a key for signatures: SHA-384 for P-384, SHA-256 otherwise. */
export function hashFor(info: KeyAlgorithmInfo): 'SHA-256' | 'SHA-384' {
  return info.kind === 'ec' && info.curve === 'P-384' ? 'SHA-384' : 'SHA-256';
}

function generationParams(spec: KeySpec): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  switch (spec) {
    case 'RSA-2048':
    case 'RSA-3072':
    case 'RSA-4096':
      return {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: Number(spec.slice(4)),
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      };
    case 'EC-P256':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    case 'EC-P384':
      return { name: 'ECDSA', namedCurve: 'P-384' };
  }
}

/**
 * Generates a key pair with Node's native WebCrypto (the work runs on libuv's thread pool, so
 * several calls in parallel use several cores).
 * @throws UsesyncError `X509_BAD_KEY_SPEC` for an unknown spec.
 */
export async function generatePrivateKey(spec: KeySpec): Promise<PrivateKey> {
  if (!KEY_SPECS.includes(spec)) {
    throw new UsesyncError(
      'X509_BAD_KEY_SPEC',
      `Cannot generate key: unknown key type ${JSON.stringify(spec)}`,
    );
  }
  const pair = (await nativeCrypto.subtle.generateKey(generationParams(spec), true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const pkcs8 = await nativeCrypto.subtle.exportKey('pkcs8', pair.privateKey);
  return PrivateKey.fromPkcs8Der(new Uint8Array(pkcs8));
}

/** The key as unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`). For in-memory use only. */
export function privateKeyToPkcs8Pem(key: PrivateKey): string {
  return toPem('PRIVATE KEY', key.toPkcs8Der());
}

/** The WebCrypto key pair for signing with a {@link PrivateKey} (private half not extractable). */
export function signingKeyPair(key: PrivateKey): webcrypto.CryptoKeyPair {
  const k = keyObjectOf(key);
  const algorithm = signingAlgorithmFor(key.algorithm);
  return {
    privateKey: k.toCryptoKey(algorithm, false, ['sign']),
    publicKey: createPublicKey(k).toCryptoKey(algorithm, true, ['verify']),
  };
}
