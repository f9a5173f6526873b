import { type Config, config, type Key } from 'openpgp';
import { algorithmOf, type PgpKeyInfo, type PgpSubkeyInfo } from '../key-info.js';
import type { KeyPolicy } from '../key-request.js';
import { type KeyProblem, keyError } from '../problems.js';

// Weakness is judged by the policy below, so openpgp itself must not reject weak keys first.
// openpgp's key methods take a full config (they do not merge a partial one with the defaults).
const PERMISSIVE: Config = {
  ...config,
  minRSABits: 0,
  rejectPublicKeyAlgorithms: new Set(),
  rejectCurves: new Set(),
};

const day = (d: Date): string => d.toISOString().slice(0, 10);

function weakness(key: Pick<PgpSubkeyInfo, 'algorithm' | 'bits'>, policy: KeyPolicy): string | undefined {
  if (key.algorithm === 'DSA' || key.algorithm === 'ElGamal') {
    return `${key.algorithm} is deprecated by RFC 9580 and no longer accepted`;
  }
  if (key.algorithm === 'RSA' && (key.bits ?? 0) < policy.minRsaBits) {
    return `RSA ${key.bits ?? '?'} bits is shorter than the ${policy.minRsaBits} bits the key policy requires`;
  }
  return undefined;
}

/**
 * Every reason to reject a key at `now`: revoked, expired, not yet valid, broken self-signature,
 * weak algorithm or length (primary key or any subkey valid at `now`), no encryption-capable key,
 * no e-mail address. Never throws.
 */
export async function checkKey(
  key: Key,
  info: PgpKeyInfo,
  now: Date,
  policy: KeyPolicy,
): Promise<KeyProblem[]> {
  const problems: KeyProblem[] = [];
  const id = info.fingerprint;
  let unusable = false;
  if (await key.isRevoked(undefined, undefined, now, PERMISSIVE).catch(() => false)) {
    problems.push(keyError('PGP_KEY_REVOKED', `Key ${id} is revoked`));
    unusable = true;
  }
  if (info.created.getTime() > now.getTime()) {
    problems.push(
      keyError('PGP_KEY_NOT_YET_VALID', `Key ${id} is created in the future (${day(info.created)})`),
    );
    unusable = true;
  }
  if (info.expires !== null && info.expires.getTime() <= now.getTime()) {
    problems.push(keyError('PGP_KEY_EXPIRED', `Key ${id} expired on ${day(info.expires)}`));
    unusable = true;
  }
  if (!unusable) {
    try {
      await key.verifyPrimaryKey(now, undefined, PERMISSIVE);
    } catch (err) {
      const reason = err instanceof Error ? err.message : 'unknown failure';
      problems.push(keyError('PGP_KEY_INVALID', `Key ${id} is not valid: ${reason}`));
      unusable = true;
    }
  }
  const primaryWeakness = weakness(info, policy);
  if (primaryWeakness)
    problems.push(keyError('PGP_KEY_TOO_WEAK', `Key ${id} is too weak: ${primaryWeakness}`));
  for (const subkey of key.subkeys) {
    const live = await subkey.verify(now, PERMISSIVE).then(
      () => true,
      () => false,
    );
    const reason = live ? weakness(algorithmOf(subkey.getAlgorithmInfo()), policy) : undefined;
    if (reason) {
      const subId = subkey.getKeyID().toHex().toUpperCase();
      problems.push(keyError('PGP_KEY_TOO_WEAK', `Subkey ${subId} of key ${id} is too weak: ${reason}`));
    }
  }
  if (!unusable) {
    const canEncrypt = await key.getEncryptionKey(undefined, now, undefined, PERMISSIVE).then(
      () => true,
      () => false,
    );
    if (!canEncrypt)
      problems.push(keyError('PGP_KEY_NO_ENCRYPTION', `Key ${id} has no valid encryption key`));
  }
  if (info.addresses.length === 0) {
    problems.push(keyError('PGP_KEY_NO_ADDRESS', `Key ${id} has no user ID with an e-mail address`));
  }
  return problems;
}
