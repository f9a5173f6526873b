import type { Store } from '@usesync/domain';
import type { GeneratedPgpKey, PgpKeyRequest } from '@usesync/pgp';
import type {
  CallOptions,
  CertificateOrder,
  IssueInput,
  IssueOutcome,
  RevokeInput,
  WaitOptions,
} from '@usesync/swisssign';

/**
 * What the executor needs of the CA: the part of `SwissSignClient` it calls. Tests and the
 * benchmark pass a real client against the simulator; nothing here is mocked.
 */
export interface CertificateAuthority {
  issue(input: IssueInput, options?: WaitOptions): Promise<IssueOutcome>;
  findOrderByIdempotencyKey(key: string, options?: CallOptions): Promise<CertificateOrder | undefined>;
  revoke(inputs: RevokeInput | readonly RevokeInput[], options?: CallOptions): Promise<void>;
}

/** Generates PGP keys (a `PgpKeyPool`, or `generatePgpKey` wrapped). */
export interface PgpKeyGenerator {
  generate(request: PgpKeyRequest): Promise<GeneratedPgpKey>;
}

/** The adapters the executor drives. Only the apps wire them together. */
export interface ExecutorDeps {
  readonly store: Store;
  /** Absent: automatic S/MIME creations and revocations fail with a reason (no CA configured). */
  readonly ca?: CertificateAuthority;
  /** Absent: PGP creations fail with a reason. */
  readonly pgp?: PgpKeyGenerator;
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
