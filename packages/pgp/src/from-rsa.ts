import { createPrivateKey } from 'node:crypto';
import { UsesyncError } from '@usesync/domain';
import { fromRaw, type GeneratedPgpKey, toWire } from './generate.js';
import { generateRaw } from './internal/generate-core.js';
import { asRsaJwk, type RsaJwk } from './internal/rsa-wrap.js';
import {
  DEFAULT_KEY_POLICY,
  DEFAULT_RSA_BITS,
  type KeyPolicy,
  type PgpKeyRequest,
  requestedKeyType,
} from './key-request.js';

/** Two pre-generated RSA private keys (PKCS#8 DER), e.g. taken from a key pool. */
export interface RsaKeyMaterial {
  /** Becomes the primary key (certify + sign). */
  readonly primary: Uint8Array;
  /** Becomes the encryption subkey. */
  readonly subkey: Uint8Array;
}

function rsaOf(der: Uint8Array, bits: number, address: string): RsaJwk {
  const key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'rsa' || key.asymmetricKeyDetails?.modulusLength !== bits) {
    throw new UsesyncError(
      'PGP_KEY_MATERIAL_MISMATCH',
      `Cannot make a PGP key for ${address} from the given material: expected RSA-${bits} keys`,
    );
  }
  return asRsaJwk(key);
}

/**
 * Makes the same key as {@link generatePgpKey} from RSA numbers generated earlier: wraps them into
 * OpenPGP packets created at `request.now`, with the request's user ID, expiry, self-signatures,
 * passphrase protection and a revocation certificate. Only RSA requests qualify; the material
 * must have the requested size (`PGP_KEY_MATERIAL_MISMATCH` otherwise). The fingerprint depends on
 * the creation time, so the same material gives a different key at a different `now`.
 */
export async function pgpKeyFromRsa(
  request: PgpKeyRequest,
  material: RsaKeyMaterial,
  policy: KeyPolicy = DEFAULT_KEY_POLICY,
): Promise<GeneratedPgpKey> {
  if (requestedKeyType(request) !== 'RSA') {
    throw new UsesyncError(
      'PGP_KEY_MATERIAL_MISMATCH',
      `Cannot make a PGP key for ${request.address} from RSA material: the request is not for RSA`,
    );
  }
  const bits = request.keyLength ?? DEFAULT_RSA_BITS;
  const pair = {
    primary: rsaOf(material.primary, bits, request.address),
    subkey: rsaOf(material.subkey, bits, request.address),
  };
  return fromRaw(await generateRaw(toWire(request), policy, pair));
}
