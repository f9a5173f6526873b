import type { TenantConfig } from '@usesync/config';
import type { PooledKeyKind } from '@usesync/store';
import type { KeySpec } from '@usesync/x509';

const BY_SPEC: Record<KeySpec, PooledKeyKind> = {
  'RSA-2048': 'rsa-2048',
  'RSA-3072': 'rsa-3072',
  'RSA-4096': 'rsa-4096',
  'EC-P256': 'ec-p256',
  'EC-P384': 'ec-p384',
};

const BY_ALGORITHM: Record<TenantConfig['smime']['keyAlgorithm'], PooledKeyKind> = {
  'RSA-2048': 'rsa-2048',
  'RSA-3072': 'rsa-3072',
  'RSA-4096': 'rsa-4096',
  'ECDSA-P256': 'ec-p256',
  'ECDSA-P384': 'ec-p384',
};

/** The pool kind of an S/MIME key spec (`@usesync/x509`). */
export const kindOfKeySpec = (spec: KeySpec): PooledKeyKind => BY_SPEC[spec];

/** The pool kind of a tenant's `smime.keyAlgorithm`. */
export const kindOfSmimeAlgorithm = (algorithm: TenantConfig['smime']['keyAlgorithm']): PooledKeyKind =>
  BY_ALGORITHM[algorithm];

/**
 * The pool kind of an RSA PGP key length, or undefined when the pool does not hold that size
 * (1024-bit keys are generated on demand: a pool must not stock weak keys).
 */
export function kindOfPgpBits(bits: number): PooledKeyKind | undefined {
  return bits === 2048 ? 'rsa-2048' : bits === 3072 ? 'rsa-3072' : bits === 4096 ? 'rsa-4096' : undefined;
}

/**
 * The kinds a tenant's first sync draws from: its S/MIME key algorithm and its default PGP key
 * length (each PGP key takes two RSA keys of that size: primary and subkey).
 */
export function kindsForConfig(config: TenantConfig): PooledKeyKind[] {
  const kinds = new Set<PooledKeyKind>([kindOfSmimeAlgorithm(config.smime.keyAlgorithm)]);
  const pgp = kindOfPgpBits(config.pgp.defaultKeyLength);
  if (pgp) kinds.add(pgp);
  return [...kinds];
}
