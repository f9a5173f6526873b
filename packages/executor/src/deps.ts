import type { Store } from '@usesync/domain';
import type { GeneratedPgpKey, KeyPolicy, PgpKeyRequest } from '@usesync/pgp';
import type {
  CallOptions,
  CertificateOrder,
  IssueInput,
  IssueOutcome,
  PreflightInput,
  PreflightResult,
  RevokeInput,
  WaitOptions,
} from '@usesync/swisssign';
import type { KeySpec, PrivateKey } from '@usesync/x509';

/**
 * What the executor needs of the CA: the part of `SwissSignClient` it calls. Tests and the
 * benchmark pass a real client against the simulator; nothing here is mocked.
 */
export interface CertificateAuthority {
  issue(input: IssueInput, options?: WaitOptions): Promise<IssueOutcome>;
  findOrderByIdempotencyKey(key: string, options?: CallOptions): Promise<CertificateOrder | undefined>;
  revoke(inputs: RevokeInput | readonly RevokeInput[], options?: CallOptions): Promise<void>;
  /**
   * The pre-flight of an order (product known, subject accepted — `/v2/validate`, cached per
   * product and subject shape). Optional: without it the plan is not checked against the CA.
   */
  preflight?(input: PreflightInput, options?: CallOptions): Promise<PreflightResult>;
}

/** Generates PGP keys (a `PgpKeyPool`, or `generatePgpKey` wrapped). */
export interface PgpKeyGenerator {
  /** `policy`: the tenant's minimum key size (`pgpMinimumKeyBits` of `@usesync/config`). */
  generate(request: PgpKeyRequest, policy?: KeyPolicy): Promise<GeneratedPgpKey>;
}

/**
 * Pre-generated keys (a `KeyPool` of `@usesync/key-pool`). Each take removes the key from the
 * pool and records its use (tenant, address, action id) in one transaction; `undefined` means the
 * pool cannot serve it and the executor generates the key on demand.
 */
export interface PooledKeySource {
  /** An S/MIME key, filed in the tenant's archive under `archive` in the same transaction. */
  takeSmimeKey(input: {
    readonly tenant: string;
    readonly address: string;
    readonly actionId: string;
    readonly keySpec: KeySpec;
    readonly archive: { readonly reference: string; readonly format: string; readonly createdAt: string };
  }): Promise<PrivateKey | undefined>;
  /** A PGP key made from pooled RSA material, created at `request.now` with the request's user ID. */
  takePgpKey(input: {
    readonly tenant: string;
    readonly actionId: string;
    readonly request: PgpKeyRequest;
  }): Promise<GeneratedPgpKey | undefined>;
}

/** The adapters the executor drives. Only the apps wire them together. */
export interface ExecutorDeps {
  readonly store: Store;
  /** Absent: automatic S/MIME creations and revocations fail with a reason (no CA configured). */
  readonly ca?: CertificateAuthority;
  /** Absent: PGP creations fail with a reason. */
  readonly pgp?: PgpKeyGenerator;
  /** Absent: every key is generated on demand. */
  readonly keyPool?: PooledKeySource;
  /** Randomness for archive passphrases (default `crypto.randomBytes`). */
  readonly randomBytes?: (n: number) => Uint8Array;
}

/** Progress of a run, for progress bars. */
export interface ApplyProgress {
  readonly done: number;
  readonly total: number;
  readonly actionId: string;
  readonly status: string;
}
