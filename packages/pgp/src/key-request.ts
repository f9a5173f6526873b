import type { PgpKeyType, Secret, Validity } from '@usesync/domain';
import { addValidity, formatValidity, isValidMailbox } from '@usesync/domain';
import type { KeyProblem } from './problems.js';
import { keyError } from './problems.js';

/** Key types the generator answers: the manual's `RSA`/`DSA` plus modern ECC beyond the manual. */
export type PgpGenerateType = PgpKeyType | 'Curve25519';

/** RSA lengths the generator accepts (the manual's 1024/2048/4096 plus 3072). */
export const RSA_KEY_LENGTHS: readonly number[] = [1024, 2048, 3072, 4096];

/** The manual's default length: 4096 bit. */
export const DEFAULT_RSA_BITS = 4096;

/** The manual's default validity: one year. */
export const DEFAULT_VALIDITY: Validity = { amount: 1, unit: 'y' };

/**
 * What one `pgp-state` line asks for. Mirrors the engine's `pgp-create` action. `now` becomes the
 * key's creation time (seconds precision), so the same request gives the same dates.
 */
export interface PgpKeyRequest {
  /** The mailbox; becomes the `<address>` part of the user ID. */
  readonly address: string;
  /** The `Name` part of the user ID (mandatory in the import file). */
  readonly name: string;
  /** The optional `(comment)` part of the user ID. */
  readonly comment?: string;
  /** `RSA` (default), `DSA` (always refused, see `PGP_DSA_UNSUPPORTED`) or `Curve25519`. Case-insensitive. */
  readonly keyType?: PgpGenerateType;
  /** RSA modulus length in bits; default {@link DEFAULT_RSA_BITS}. Ignored for Curve25519. */
  readonly keyLength?: number;
  /** Key expiry, counted from `now`; default {@link DEFAULT_VALIDITY}. */
  readonly validity?: Validity;
  /** Protects the generated private key; unprotected when absent or empty. */
  readonly passphrase?: Secret;
  /** Creation time of the key and of its self-signatures. */
  readonly now: Date;
}

/**
 * The tenant's key policy. openpgp.js refuses RSA below 2047 bits by default; a tenant that must
 * still create 1024-bit keys (the manual allows it) says so explicitly with `minRsaBits: 1024`.
 */
export interface KeyPolicy {
  /** Shortest RSA modulus accepted for generation and import. */
  readonly minRsaBits: number;
}

/** RSA 2048 and up: what openpgp.js and current guidance accept. */
export const DEFAULT_KEY_POLICY: KeyPolicy = { minRsaBits: 2048 };

/** The largest key expiry an OpenPGP v4 signature can carry (32-bit seconds). */
const MAX_EXPIRY_SECONDS = 0xffff_ffff;

// Characters that would break the `Name (comment) <address>` structure of the user ID.
const USER_ID_BREAKERS = /[<>()\p{Cc}]/u;

/** The normalised key type of a request: `RSA`, `DSA`, `CURVE25519` or the unknown text upper-cased. */
export function requestedKeyType(request: Pick<PgpKeyRequest, 'keyType'>): string {
  return String(request.keyType ?? 'RSA')
    .trim()
    .toUpperCase();
}

/** The creation time a request yields: `now` truncated to whole seconds, as OpenPGP stores it. */
export function creationTime(request: Pick<PgpKeyRequest, 'now'>): Date {
  return new Date(Math.floor(request.now.getTime() / 1000) * 1000);
}

/** Seconds from creation to expiry, as OpenPGP's key expiration time subpacket holds them. */
export function expirySeconds(request: Pick<PgpKeyRequest, 'now' | 'validity'>): number {
  const created = creationTime(request);
  const expires = addValidity(created, request.validity ?? DEFAULT_VALIDITY);
  return Math.round((expires.getTime() - created.getTime()) / 1000);
}

/** The user ID a request yields: `Name (comment) <address>` (no comment part when empty). */
export function formatUserId(request: Pick<PgpKeyRequest, 'name' | 'comment' | 'address'>): string {
  const comment = request.comment?.trim();
  return `${request.name.trim()}${comment ? ` (${comment})` : ''} <${request.address.trim()}>`;
}

/**
 * Every reason why a request cannot be generated, in one pass; empty when it can. DSA is answered
 * with `PGP_DSA_UNSUPPORTED`: RFC 9580 deprecates it and openpgp.js cannot create it.
 */
export function checkKeyRequest(
  request: Omit<PgpKeyRequest, 'passphrase'>,
  policy: KeyPolicy = DEFAULT_KEY_POLICY,
): KeyProblem[] {
  const problems: KeyProblem[] = [];
  const who = request.address;
  if (!isValidMailbox(request.address.trim())) {
    problems.push(keyError('PGP_BAD_ADDRESS', `Cannot generate a PGP key for "${who}": not a valid address`));
  }
  const name = request.name.trim();
  if (name.length === 0 || USER_ID_BREAKERS.test(name)) {
    problems.push(
      keyError(
        'PGP_BAD_NAME',
        `Cannot generate a PGP key for ${who}: the name must be non-empty and free of < > ( ) and control characters`,
      ),
    );
  }
  if (request.comment !== undefined && USER_ID_BREAKERS.test(request.comment)) {
    problems.push(
      keyError(
        'PGP_BAD_COMMENT',
        `Cannot generate a PGP key for ${who}: the comment must be free of < > ( ) and control characters`,
      ),
    );
  }
  if (Number.isNaN(request.now.getTime())) {
    problems.push(
      keyError('PGP_BAD_VALIDITY', `Cannot generate a PGP key for ${who}: \`now\` is not a date`),
    );
  } else if (request.validity !== undefined) {
    const v = request.validity;
    const seconds = Number.isInteger(v.amount) && v.amount > 0 ? expirySeconds(request) : Number.NaN;
    if (!(seconds > 0 && seconds <= MAX_EXPIRY_SECONDS)) {
      problems.push(
        keyError(
          'PGP_BAD_VALIDITY',
          `Cannot generate a PGP key for ${who}: validity ${formatValidity(v)} is not between one day and 136 years`,
        ),
      );
    }
  }
  const type = requestedKeyType(request);
  if (type === 'DSA') {
    problems.push(
      keyError(
        'PGP_DSA_UNSUPPORTED',
        `Cannot generate a DSA key for ${who}: DSA is deprecated by RFC 9580 and no longer generated; use keytype RSA or Curve25519`,
      ),
    );
  } else if (type === 'RSA') {
    const bits = request.keyLength ?? DEFAULT_RSA_BITS;
    if (!RSA_KEY_LENGTHS.includes(bits)) {
      problems.push(
        keyError(
          'PGP_KEY_LENGTH_UNSUPPORTED',
          `Cannot generate an RSA key of ${bits} bits for ${who}: use one of ${RSA_KEY_LENGTHS.join(', ')}`,
        ),
      );
    } else if (bits < policy.minRsaBits) {
      problems.push(
        keyError(
          'PGP_KEY_TOO_WEAK',
          `Cannot generate an RSA key of ${bits} bits for ${who}: the key policy requires at least ${policy.minRsaBits} bits`,
        ),
      );
    }
  } else if (type !== 'CURVE25519') {
    problems.push(
      keyError(
        'PGP_KEY_TYPE_UNSUPPORTED',
        `Cannot generate a key of type "${String(request.keyType)}" for ${who}: use RSA or Curve25519`,
      ),
    );
  }
  return problems;
}
