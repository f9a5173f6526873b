/**
 * The store port: what the engine, executor, WatchDog and apps need of the gateway's persistent
 * state. Implementations (SQLite in `@usesync/store`, PostgreSQL later) pass one contract suite.
 *
 * Rules every implementation keeps:
 * - Every method takes the tenant id first and touches that tenant's rows only; a call can never
 *   read or change another tenant's data. Invalid tenant ids are refused (`STORE_INVALID_TENANT`).
 * - Secrets (rule set with swm passwords, passphrases, archived private keys) are encrypted at rest.
 * - Lists come back in a stable order, documented per method.
 * - Addresses are matched case-insensitively (through `normalizeAddress`); records keep the text
 *   they were stored with.
 */
import type {
  CertificateRecord,
  GroupRecord,
  LedgerEntry,
  LiveState,
  PgpKeyRecord,
  SwissSignUserRecord,
  TenantId,
} from './records.js';
import type { Secret } from './secret.js';

/** Plain JSON, as stored in the journal. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** Options of {@link LiveStateReader.snapshot}. */
export interface SnapshotOptions {
  /**
   * Include `certificatePem` and `publicKeyArmored` (default true). Planning does not need them;
   * with `false` those fields are empty strings, which makes a 100 k-user snapshot several times
   * cheaper.
   */
  readonly material?: boolean;
}

/** Reads a consistent snapshot of one tenant's live state. */
export interface LiveStateReader {
  /** Every record of the tenant, read in one transaction. An unknown tenant gives an empty state. */
  snapshot(tenant: TenantId, options?: SnapshotOptions): Promise<LiveState>;
}

/** PGP keys held by the gateway. */
export interface PgpKeyStore {
  /** Inserts or replaces keys by fingerprint (bulk: one transaction). */
  putPgpKeys(tenant: TenantId, keys: readonly PgpKeyRecord[]): Promise<void>;
  /** Marks an active key deleted; false when unknown or already deleted. */
  markPgpKeyDeleted(tenant: TenantId, fingerprint: string): Promise<boolean>;
  /** Keys of one address (or all), by address, creation time, fingerprint. Includes deleted keys. */
  listPgpKeys(tenant: TenantId, address?: string): Promise<PgpKeyRecord[]>;
}

/** S/MIME certificates held by the gateway. */
export interface CertificateStore {
  /** Inserts or replaces certificates by serial (bulk: one transaction). */
  putCertificates(tenant: TenantId, certificates: readonly CertificateRecord[]): Promise<void>;
  /**
   * Marks an active certificate revoked with the reason and time; false when unknown or already
   * revoked (the first revocation's reason and time are kept).
   */
  markCertificateRevoked(tenant: TenantId, serial: string, reason: string, at: string): Promise<boolean>;
  /** Certificates of one address (or all), by address, notBefore, serial. Includes revoked ones. */
  listCertificates(tenant: TenantId, address?: string): Promise<CertificateRecord[]>;
}

/** Groups as full state. */
export interface GroupStore {
  /** Sets a group's members to exactly `members` (deduplicated, sorted); creates the group. */
  setGroupMembers(tenant: TenantId, group: string, members: readonly string[]): Promise<void>;
  /** Removes a group; false when it did not exist. */
  deleteGroup(tenant: TenantId, group: string): Promise<boolean>;
  /** Every group by name, members sorted. */
  listGroups(tenant: TenantId): Promise<GroupRecord[]>;
}

/** The live rule set (canonical, unmasked rule notation; encrypted at rest). */
export interface RuleSetStore {
  /** The rule set text; empty string when none was set. */
  getRuleSet(tenant: TenantId): Promise<string>;
  setRuleSet(tenant: TenantId, text: string): Promise<void>;
}

/** The list of passphrases tried on uploaded private keys (encrypted at rest). */
export interface PassphraseStore {
  /** Appends passphrases not yet on the list; returns how many were new. */
  addPassphrases(tenant: TenantId, passphrases: readonly Secret[]): Promise<number>;
  /** The list in the order it was filled. */
  listPassphrases(tenant: TenantId): Promise<Secret[]>;
}

/** The swisssign-users list that the WatchDog reads. */
export interface SwissSignUserStore {
  /** Inserts or replaces entries by address (bulk: one transaction). */
  putSwissSignUsers(tenant: TenantId, users: readonly SwissSignUserRecord[]): Promise<void>;
  /** Removes an entry; false when the address was not listed. */
  removeSwissSignUser(tenant: TenantId, address: string): Promise<boolean>;
  /** Every entry, by address. */
  listSwissSignUsers(tenant: TenantId): Promise<SwissSignUserRecord[]>;
}

/** What an archived private key is filed under. */
export interface ArchivedKeyInfo {
  readonly address: string;
  readonly kind: 'smime' | 'pgp';
  /** Serial (S/MIME), fingerprint (PGP), or a caller-chosen reference for a key awaiting its certificate. */
  readonly reference: string;
  /** Encoding of the bytes, e.g. `pkcs12`, `pkcs8-pem`, `openpgp-armored`. */
  readonly format: string;
  readonly createdAt: string;
  /** Size of the plaintext in bytes (filled in by the store). */
  readonly size: number;
}

/** The archive of created private keys (encrypted at rest; never deleted). */
export interface KeyArchive {
  /**
   * Files key material under (kind, reference). Putting the same bytes again is a no-op, so a
   * resumed action may repeat it; different bytes under a used reference throw `ARCHIVE_CONFLICT`.
   */
  archiveKey(tenant: TenantId, info: Omit<ArchivedKeyInfo, 'size'>, bytes: Uint8Array): Promise<void>;
  /** The decrypted bytes, or undefined. */
  getArchivedKey(
    tenant: TenantId,
    kind: ArchivedKeyInfo['kind'],
    reference: string,
  ): Promise<Uint8Array | undefined>;
  /** Metadata only, by createdAt, kind, reference. */
  listArchivedKeys(tenant: TenantId, address?: string): Promise<ArchivedKeyInfo[]>;
}

/** The billable-transaction ledger. */
export interface LedgerStore {
  /**
   * Records a billable creation once per idempotency key: a second call with the same key returns
   * the existing entry with `created: false` (it only fills in a serial the first lacked).
   */
  recordLedgerEntry(tenant: TenantId, entry: LedgerEntry): Promise<{ entry: LedgerEntry; created: boolean }>;
  /** Every entry in the order recorded. */
  listLedger(tenant: TenantId): Promise<LedgerEntry[]>;
}

/** Status of a sync run. */
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

/** A sync run in the journal. */
export interface SyncRun {
  readonly id: string;
  readonly tenant: TenantId;
  /** Content hash of the run's input files: the same files resume the same unfinished run. */
  readonly runKey: string;
  readonly status: RunStatus;
  readonly meta: JsonValue;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly summary?: JsonValue;
}

/** State of one journalled action. */
export type ActionState = 'started' | 'completed' | 'failed';

/** One action of a run, journalled before (write-ahead) and after it ran. */
export interface JournalEntry {
  readonly runId: string;
  readonly actionId: string;
  readonly state: ActionState;
  /** What the executor wrote before running (e.g. the CA idempotency tag). Never secrets. */
  readonly data: JsonValue;
  readonly outcome?: JsonValue;
  /** Failure reason, free of secrets. */
  readonly error?: string;
  /** How often the action was begun (greater than 1 after a crash or retry). */
  readonly attempts: number;
  readonly startedAt: string;
  readonly finishedAt?: string;
}

/** What {@link OrderReservations.reserveOrder} answers. */
export type OrderReservation = 'reserved' | 'cap-reached';

/**
 * Reservations of certificate orders against a tenant's cap on live certificates, so that runs
 * at the same time (a worker and `usesync apply`, two processes on one store) cannot together
 * order more than the cap: the check and the reservation are one transaction in the store.
 */
export interface OrderReservations {
  /**
   * Reserves a slot for one certificate order: `reserved` when the tenant's live certificates
   * (active, ending after `at`) plus its other open reservations (younger than 30 days) are fewer
   * than `cap`, else `cap-reached` and nothing is recorded. Reserving the same `reference` again
   * (a resumed run) is `reserved` at once.
   */
  reserveOrder(tenant: TenantId, reference: string, cap: number, at: string): Promise<OrderReservation>;
  /** Ends a reservation: its certificate was recorded, or the order died. Unknown ones are ignored. */
  releaseOrder(tenant: TenantId, reference: string): Promise<void>;
}

/** The journal of sync runs and their actions. */
export interface SyncJournal {
  /**
   * Starts a run, or resumes the unfinished run with the same key (`resumed: true`). Finished runs
   * are never resumed: the same files applied again later start a new run.
   */
  startRun(tenant: TenantId, runKey: string, meta: JsonValue): Promise<{ run: SyncRun; resumed: boolean }>;
  /** Ends a run with its status and summary. */
  finishRun(
    tenant: TenantId,
    runId: string,
    status: Exclude<RunStatus, 'running'>,
    summary?: JsonValue,
  ): Promise<SyncRun>;
  getRun(tenant: TenantId, runId: string): Promise<SyncRun | undefined>;
  /** Runs, newest first. */
  listRuns(tenant: TenantId, limit?: number): Promise<SyncRun[]>;
  /**
   * Write-ahead: records that an action starts. A `completed` action comes back unchanged (skip
   * it); a `started` or `failed` one is begun again (`attempts` + 1, the first `data` kept).
   * Throws `JOURNAL_UNKNOWN_RUN` for a run of another tenant or none.
   */
  beginAction(tenant: TenantId, runId: string, actionId: string, data: JsonValue): Promise<JournalEntry>;
  /**
   * Replaces the data of a begun action, for multi-step actions that must remember progress
   * (e.g. `{ tag, keyReference }` once the key is archived). Throws `JOURNAL_UNKNOWN_ACTION`.
   */
  progressAction(tenant: TenantId, runId: string, actionId: string, data: JsonValue): Promise<JournalEntry>;
  /** Records success. Throws `JOURNAL_UNKNOWN_ACTION` when the action was never begun. */
  completeAction(
    tenant: TenantId,
    runId: string,
    actionId: string,
    outcome: JsonValue,
  ): Promise<JournalEntry>;
  /** Records failure with a reason free of secrets. */
  failAction(tenant: TenantId, runId: string, actionId: string, error: string): Promise<JournalEntry>;
  getAction(tenant: TenantId, runId: string, actionId: string): Promise<JournalEntry | undefined>;
  /** Actions of a run in the order begun. */
  listActions(tenant: TenantId, runId: string): Promise<JournalEntry[]>;
}

/** A file taken from the share. */
export interface ProcessedFile {
  readonly name: string;
  /** Lower-case hex SHA-256 of the content. */
  readonly sha256: string;
  /** e.g. `applied`, `partial`, `parse-error`, `refused`. */
  readonly outcome: string;
  readonly processedAt: string;
}

/** The ledger of processed file names (a name is processed once). */
export interface ProcessedFileStore {
  /** Records a name once; a second call returns the first record with `created: false`. */
  recordProcessed(
    tenant: TenantId,
    name: string,
    sha256: string,
    outcome: string,
  ): Promise<{ file: ProcessedFile; created: boolean }>;
  wasProcessed(tenant: TenantId, name: string): Promise<ProcessedFile | undefined>;
}

/** The whole store. Depend on the narrow interfaces above where a part suffices. */
export interface Store
  extends LiveStateReader,
    PgpKeyStore,
    CertificateStore,
    GroupStore,
    RuleSetStore,
    PassphraseStore,
    SwissSignUserStore,
    KeyArchive,
    LedgerStore,
    SyncJournal,
    ProcessedFileStore,
    OrderReservations {
  /**
   * Runs `fn` atomically for one tenant: every change through `tx` commits together or not at
   * all. `tx` refuses other tenants. Other callers wait until the transaction ends; calling the
   * outer store from inside `fn` throws `STORE_TX_DEADLOCK` (use `tx`).
   */
  transaction<T>(tenant: TenantId, fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Releases the connection; later calls throw `STORE_CLOSED`. */
  close(): Promise<void>;
}
