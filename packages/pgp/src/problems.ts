/**
 * Stable codes for everything the PGP adapter can find wrong with a key request or a key. They are
 * part of the public contract: reports, the CLI and tests match on them, never on message text.
 *
 * - `PGP_DSA_UNSUPPORTED`: `keytype:DSA` was asked for. RFC 9580 deprecates DSA and openpgp.js no
 *   longer generates it; use RSA (the manual's default) or Curve25519.
 * - `PGP_KEY_TYPE_UNSUPPORTED`: any other key type.
 * - `PGP_KEY_LENGTH_UNSUPPORTED`: an RSA length other than 1024, 2048, 3072 or 4096.
 * - `PGP_KEY_TOO_WEAK`: shorter than the policy allows (generation), or a weak algorithm or length
 *   (import: RSA below the policy, DSA, ElGamal).
 * - `PGP_BAD_ADDRESS`, `PGP_BAD_NAME`, `PGP_BAD_COMMENT`: the user ID parts are unusable.
 * - `PGP_BAD_VALIDITY`: the validity is not a positive period.
 * - `PGP_KEY_EXPIRED`, `PGP_KEY_REVOKED`: the key is no longer usable at `now`.
 * - `PGP_KEY_NOT_YET_VALID`: the key's creation time lies after `now`.
 * - `PGP_KEY_INVALID`: no valid self-signature (broken or tampered key).
 * - `PGP_KEY_NO_ENCRYPTION`: no valid subkey (or primary key) can encrypt.
 * - `PGP_KEY_NO_ADDRESS`: no user ID carries an e-mail address.
 * - `PGP_PASSPHRASE_WRONG`: a private key could not be unlocked with any passphrase given.
 * - `PGP_UNREADABLE`: a block of the file is not an OpenPGP key.
 * - `PGP_EMPTY`: the file holds no key at all.
 */
export type PgpProblemCode =
  | 'PGP_DSA_UNSUPPORTED'
  | 'PGP_KEY_TYPE_UNSUPPORTED'
  | 'PGP_KEY_LENGTH_UNSUPPORTED'
  | 'PGP_KEY_TOO_WEAK'
  | 'PGP_BAD_ADDRESS'
  | 'PGP_BAD_NAME'
  | 'PGP_BAD_COMMENT'
  | 'PGP_BAD_VALIDITY'
  | 'PGP_KEY_EXPIRED'
  | 'PGP_KEY_REVOKED'
  | 'PGP_KEY_NOT_YET_VALID'
  | 'PGP_KEY_INVALID'
  | 'PGP_KEY_NO_ENCRYPTION'
  | 'PGP_KEY_NO_ADDRESS'
  | 'PGP_PASSPHRASE_WRONG'
  | 'PGP_UNREADABLE'
  | 'PGP_EMPTY';

/**
 * One finding about a key request or a key: data, not an exception. An `error` means the key (or
 * request) is rejected; a `warning` (none is produced yet) would be reported with the key still
 * accepted. Messages never contain key material or passphrases.
 */
export interface KeyProblem {
  readonly severity: 'error' | 'warning';
  readonly code: PgpProblemCode;
  readonly message: string;
}

/** Builds an error-severity problem. */
export function keyError(code: PgpProblemCode, message: string): KeyProblem {
  return { severity: 'error', code, message };
}
