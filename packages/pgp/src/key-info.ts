import { normalizeAddress } from '@usesync/domain';
import type { AlgorithmInfo, Key, Subkey } from 'openpgp';

/** The public-key algorithm family of a key, as the gateway reports it. */
export type PgpAlgorithm = 'RSA' | 'DSA' | 'ElGamal' | 'ECDSA' | 'EdDSA' | 'ECDH' | 'unknown';

/** Metadata of one subkey. */
export interface PgpSubkeyInfo {
  /** Upper-case hex fingerprint. */
  readonly fingerprint: string;
  /** Upper-case hex key ID (the last 16 hex digits of a v4 fingerprint). */
  readonly keyId: string;
  readonly algorithm: PgpAlgorithm;
  /** Modulus or curve size in bits; absent for unknown curves. */
  readonly bits?: number;
  /** Curve name for ECC keys, e.g. `curve25519Legacy`. */
  readonly curve?: string;
  readonly created: Date;
  /** Null when the subkey does not expire (or carries no valid binding signature). */
  readonly expires: Date | null;
}

/** Metadata of a key: what the store records and the reports show. Never holds key material. */
export interface PgpKeyInfo extends PgpSubkeyInfo {
  /** Every user ID, e.g. `John Doe (Retarus Key) <john.doe@company.com>`. */
  readonly userIds: readonly string[];
  /** The e-mail addresses of the user IDs, normalised (lower case), unique, in key order. */
  readonly addresses: readonly string[];
  readonly subkeys: readonly PgpSubkeyInfo[];
  /** True when the key carries secret key material. */
  readonly isPrivate: boolean;
}

const FAMILY: Record<string, PgpAlgorithm> = {
  rsaEncryptSign: 'RSA',
  rsaEncrypt: 'RSA',
  rsaSign: 'RSA',
  dsa: 'DSA',
  elgamal: 'ElGamal',
  ecdsa: 'ECDSA',
  eddsaLegacy: 'EdDSA',
  ed25519: 'EdDSA',
  ed448: 'EdDSA',
  ecdh: 'ECDH',
  x25519: 'ECDH',
  x448: 'ECDH',
};

const CURVE_BITS: Record<string, number> = {
  curve25519Legacy: 255,
  ed25519Legacy: 255,
  nistP256: 256,
  nistP384: 384,
  nistP521: 521,
  secp256k1: 256,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

// openpgp's curve-less new-format algorithms carry their size in their name.
const ALGORITHM_BITS: Record<string, number> = { ed25519: 255, x25519: 255, ed448: 448, x448: 448 };

/** The algorithm family, bits and curve of an openpgp algorithm description. */
export function algorithmOf(info: AlgorithmInfo): Pick<PgpSubkeyInfo, 'algorithm' | 'bits' | 'curve'> {
  const algorithm = FAMILY[info.algorithm] ?? 'unknown';
  const bits = info.bits ?? (info.curve ? CURVE_BITS[info.curve] : ALGORITHM_BITS[info.algorithm]);
  return {
    algorithm,
    ...(bits !== undefined ? { bits } : {}),
    ...(info.curve !== undefined ? { curve: info.curve } : {}),
  };
}

// openpgp accepts `null` for "at any time" (it skips the time checks), but its typings say Date.
const ANY_TIME = null as unknown as Date;

function expiryOf(value: Date | number | null): Date | null {
  return value instanceof Date ? value : null;
}

async function describeSubkey(subkey: Subkey): Promise<PgpSubkeyInfo> {
  return {
    fingerprint: subkey.getFingerprint().toUpperCase(),
    keyId: subkey.getKeyID().toHex().toUpperCase(),
    ...algorithmOf(subkey.getAlgorithmInfo()),
    created: subkey.getCreationTime(),
    expires: expiryOf(await subkey.getExpirationTime(ANY_TIME).catch(() => null)),
  };
}

/** The e-mail address of a user ID string `Name (comment) <address>`, or a bare address. */
export function addressOfUserId(userId: string): string | undefined {
  const angle = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(userId);
  if (angle) return normalizeAddress(angle[1]!);
  const bare = userId.trim();
  return /^[^\s<>()]+@[^\s<>()]+$/.test(bare) ? normalizeAddress(bare) : undefined;
}

/** Reads the metadata of a parsed openpgp key. Pure with respect to time: no clock is read. */
export async function describeKey(key: Key): Promise<PgpKeyInfo> {
  const userIds = key.getUserIDs();
  const addresses: string[] = [];
  for (const id of userIds) {
    const a = addressOfUserId(id);
    if (a !== undefined && !addresses.includes(a)) addresses.push(a);
  }
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    keyId: key.getKeyID().toHex().toUpperCase(),
    ...algorithmOf(key.getAlgorithmInfo()),
    created: key.getCreationTime(),
    expires: expiryOf(await key.getExpirationTime().catch(() => null)),
    userIds,
    addresses,
    subkeys: await Promise.all(key.subkeys.map(describeSubkey)),
    isPrivate: key.isPrivate(),
  };
}
