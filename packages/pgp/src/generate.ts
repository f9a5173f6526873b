import { Secret } from '@usesync/domain';
import { generateRaw, type RawGeneratedKey, type WireKeyRequest } from './internal/generate-core.js';
import type { PgpKeyInfo } from './key-info.js';
import { DEFAULT_KEY_POLICY, type KeyPolicy, type PgpKeyRequest } from './key-request.js';

/**
 * How RSA numbers are made. `node`: node:crypto (OpenSSL) wrapped into OpenPGP packets (the
 * default; in the pool each worker searches primes on its own thread). `openpgp`: openpgp.js's
 * own generator (WebCrypto on libuv's shared thread pool). Both are native; see the README for
 * the measured difference.
 */
export type RsaEngine = 'node' | 'openpgp';

/** Options for generating a key on the calling thread. */
export interface GenerateOptions {
  /** Defaults to {@link DEFAULT_KEY_POLICY} (RSA ≥ 2048). */
  readonly policy?: KeyPolicy;
  /** Defaults to `node`. */
  readonly engine?: RsaEngine;
}

/** A freshly generated key pair: primary key (certify + sign) and one encryption subkey. */
export interface GeneratedPgpKey {
  readonly info: PgpKeyInfo;
  /** The public key, ASCII-armoured. */
  readonly publicKeyArmored: string;
  /** The private key, ASCII-armoured (protected when the request had a passphrase); masked when printed. */
  readonly privateKeyArmored: Secret;
  /** An ASCII-armoured revocation certificate for the key. */
  readonly revocationCertificate: string;
}

/** The request as plain data for a worker: the passphrase leaves its {@link Secret} only here. */
export function toWire(request: PgpKeyRequest): WireKeyRequest {
  const { passphrase, ...rest } = request;
  return passphrase ? { ...rest, passphrase: passphrase.reveal() } : rest;
}

/** Wraps a generated key's private part back into a {@link Secret}. */
export function fromRaw(raw: RawGeneratedKey): GeneratedPgpKey {
  return {
    info: raw.info,
    publicKeyArmored: raw.publicKeyArmored,
    privateKeyArmored: new Secret(raw.privateKeyArmored),
    revocationCertificate: raw.revocationCertificate,
  };
}

/**
 * Generates one key on the calling thread without blocking it for the RSA prime search (which runs
 * on libuv's pool). For batches use {@link PgpKeyPool}. Rejects with a `UsesyncError` whose code
 * is a {@link PgpProblemCode} for a bad request (e.g. `PGP_DSA_UNSUPPORTED`), or
 * `PGP_GENERATE_FAILED`.
 */
export async function generatePgpKey(
  request: PgpKeyRequest,
  options: GenerateOptions = {},
): Promise<GeneratedPgpKey> {
  const source = options.engine === 'openpgp' ? 'openpgp' : 'node-async';
  return fromRaw(await generateRaw(toWire(request), options.policy ?? DEFAULT_KEY_POLICY, source));
}
