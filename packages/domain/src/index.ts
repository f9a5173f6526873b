// @usesync/domain: the shared vocabulary of usesync. Pure: no I/O, no clock, no randomness.
export {
  domainOf,
  hasAsciiLocalPart,
  isValidDomain,
  isValidMailbox,
  normalizeAddress,
  normalizeDomain,
} from './address.js';
export type {
  CoordinatedStore,
  Coordination,
  FileClaim,
  FileClaimState,
  FileClaims,
  Lease,
  ScheduleTicks,
  TenantLock,
} from './coordination-port.js';
export type { Diagnostic, Parsed, Severity } from './diagnostics.js';
export { countDiagnostics, diagnostic, hasErrors, sortDiagnostics } from './diagnostics.js';
export { assertNever, UsesyncError } from './errors.js';
export type { KeyKind, KeyState, PgpKeyLength, PgpKeyType, Validity } from './keys.js';
export { addValidity, formatValidity, parseValidity } from './keys.js';
export type { ActionResult, CertificateEvent, KeyImportResult, SyncOutcome, SyncStatus } from './outcome.js';
export { syncStatus } from './outcome.js';
export type {
  Action,
  ActionKind,
  GroupAddAction,
  GroupRemoveAction,
  KeyImportAction,
  LineVerdict,
  PassphraseAddAction,
  PgpCreateAction,
  PgpDeleteAction,
  Plan,
  PlanRefusal,
  PlanSummary,
  Prefix,
  RuleAddAction,
  RuleRemoveAction,
  SmimeCreateAction,
  SmimeRevokeAction,
  SwissSignUserAddAction,
  SwissSignUserRemoveAction,
} from './plan.js';
export { hasChanges, isBillable, PREFIXES, summarize } from './plan.js';
export { DEFAULT_POLICY, type PlanPolicy, REVOCATION_WINDOW_HOURS } from './policy.js';
export type {
  CertificateRecord,
  CertificateStatus,
  GroupRecord,
  KeyOrigin,
  LedgerEntry,
  LiveState,
  PgpKeyRecord,
  SwissSignUserRecord,
  TenantId,
} from './records.js';
export { emptyLiveState, isValidTenantId, TENANT_ID_PATTERN } from './records.js';
export { MASK, Secret, SecretBytes } from './secret.js';
export type {
  ActionState,
  ArchivedKeyInfo,
  CertificateStore,
  GroupStore,
  JournalEntry,
  JsonValue,
  KeyArchive,
  LedgerStore,
  LiveStateReader,
  OrderReservation,
  OrderReservations,
  PassphraseStore,
  PgpKeyStore,
  ProcessedFile,
  ProcessedFileStore,
  RuleSetStore,
  RunStatus,
  SnapshotOptions,
  Store,
  SwissSignUserStore,
  SyncJournal,
  SyncRun,
} from './store-port.js';
export { didYouMean, editDistance, suggest } from './suggest.js';
export { decodeUtf8, INVALID_UTF8, splitLines, stripBom } from './text.js';
