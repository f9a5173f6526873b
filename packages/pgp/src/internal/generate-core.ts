import { UsesyncError } from '@usesync/domain';
import { generateKey, type PartialConfig, type PrivateKey, type PublicKey, reformatKey } from 'openpgp';
import { describeKey, type PgpKeyInfo } from '../key-info.js';
import {
  checkKeyRequest,
  creationTime,
  DEFAULT_RSA_BITS,
  expirySeconds,
  type KeyPolicy,
  type PgpKeyRequest,
  requestedKeyType,
} from '../key-request.js';
import { type RsaJwk, rsaJwkAsync, rsaJwkSync, wrapRsaKeys } from './rsa-wrap.js';

/**
 * Where RSA numbers come from: node:crypto on the calling thread (`node-sync`, workers only),
 * node:crypto on libuv's pool (`node-async`), or openpgp's own generator (`openpgp`).
 */
export type RsaSource = 'node-sync' | 'node-async' | 'openpgp';

/** A request as it crosses a thread boundary: plain data, the passphrase revealed. */
export type WireKeyRequest = Omit<PgpKeyRequest, 'passphrase'> & { readonly passphrase?: string };

/** A generated key as it crosses a thread boundary. */
export interface RawGeneratedKey {
  readonly info: PgpKeyInfo;
  readonly publicKeyArmored: string;
  readonly privateKeyArmored: string;
  readonly revocationCertificate: string;
}

/** Generates one key; throws a {@link UsesyncError} for a bad request or a failure. */
export async function generateRaw(
  request: WireKeyRequest,
  policy: KeyPolicy,
  source: RsaSource | RsaPair,
): Promise<RawGeneratedKey> {
  const problems = checkKeyRequest(request, policy);
  const first = problems[0];
  if (first) throw new UsesyncError(first.code, first.message);
  try {
    const pair = await makeKeyPair(request, policy, source);
    return {
      info: await describeKey(pair.privateKey),
      publicKeyArmored: pair.publicKey.armor(),
      privateKeyArmored: pair.privateKey.armor(),
      revocationCertificate: pair.revocationCertificate,
    };
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'unknown failure';
    throw new UsesyncError(
      'PGP_GENERATE_FAILED',
      `Cannot generate a PGP key for ${request.address}: ${reason}`,
      { cause: err },
    );
  }
}

/** Ready RSA numbers (e.g. from a key pool) for the primary key and the subkey. */
export interface RsaPair {
  readonly primary: RsaJwk;
  readonly subkey: RsaJwk;
}

async function makeKeyPair(
  request: WireKeyRequest,
  policy: KeyPolicy,
  source: RsaSource | RsaPair,
): Promise<{ privateKey: PrivateKey; publicKey: PublicKey; revocationCertificate: string }> {
  const date = creationTime(request);
  const common = {
    userIDs: [
      {
        name: request.name.trim(),
        email: request.address.trim(),
        ...(request.comment?.trim() ? { comment: request.comment.trim() } : {}),
      },
    ],
    date,
    keyExpirationTime: expirySeconds(request),
    ...(request.passphrase ? { passphrase: request.passphrase } : {}),
    // Deliberate: the policy (checked above) decides the minimum, not openpgp's 2047-bit default.
    config: { minRSABits: Math.min(policy.minRsaBits, 2047) } satisfies PartialConfig,
    format: 'object' as const,
  };
  if (requestedKeyType(request) === 'CURVE25519') {
    return generateKey({ ...common, type: 'ecc', curve: 'curve25519Legacy' });
  }
  if (typeof source === 'object') {
    const privateKey = await wrapRsaKeys(source.primary, source.subkey, date);
    return reformatKey({ ...common, privateKey });
  }
  const bits = request.keyLength ?? DEFAULT_RSA_BITS;
  if (source === 'openpgp') return generateKey({ ...common, type: 'rsa', rsaBits: bits });
  const rsa = source === 'node-sync' ? rsaJwkSync : rsaJwkAsync;
  const [primary, subkey] =
    source === 'node-sync' ? [await rsa(bits), await rsa(bits)] : await Promise.all([rsa(bits), rsa(bits)]);
  const privateKey = await wrapRsaKeys(primary, subkey, date);
  return reformatKey({ ...common, privateKey });
}
