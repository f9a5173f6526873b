// @usesync/executor: composition of the adapters — the workspace (data directory, tenant
// configuration, input files), planning against the store, and applying plans.

/** The one minimum PGP key size rule (re-exported for the apps). */
export { pgpMinimumKeyBits } from '@usesync/config';
export { type ApplyOptions, applyPlan } from './apply-plan.js';
export { type BatchImportOptions, batchImport, semiAutomaticCsv } from './batch-import.js';
export {
  CA_ENV,
  type CaHandle,
  type CaObserver,
  type CaSettings,
  caSettingsFromEnv,
  LOOPBACK_POLL,
  openCa,
  SIMULATOR_STATE_FILE,
  type SmimeProducts,
  withSubjectDefaults,
} from './ca.js';
export {
  type Delivery,
  type DeliveryFile,
  type DeliveryNames,
  type DeliveryOptions,
  type DeliveryOrigin,
  type DeliveryPart,
  renderSyncDelivery,
  renderWatchdogDelivery,
  reportStem,
  smimeDelivery,
  stemNames,
  uploadsOf,
} from './delivery.js';
export type { ApplyProgress, CertificateAuthority, ExecutorDeps, PgpKeyGenerator } from './deps.js';
export { orderKey, runKeyOf } from './idempotency.js';
export { type ImportKeysOptions, importKeyFile, importKeys, type KeyFile } from './import-keys.js';
export { type CheckedFile, checkInputs, type InputFile, inputKind, type SyncInputs } from './inputs.js';
export { readLiveRules } from './live-rules.js';
export {
  MAIL_SPOOL_DIR,
  type MailOptions,
  mailOptionsOf,
  OUTBOX_DIR,
  openMailSpool,
  type SentDelivery,
  sendDelivery,
} from './mail.js';
export { type PlanSyncOptions, planSync } from './plan-sync.js';
export { type PreflightProblem, preflightPlan } from './preflight.js';
export {
  errorReportOf,
  exitCodeOf,
  type RefusedKeyFile,
  type RunSyncLog,
  type RunSyncOptions,
  type RunSyncStatus,
  runSync,
  type SyncPorts,
  type SyncRunResult,
  type WaitingKeyFile,
  type WaitingKeyFiles,
} from './run-sync.js';
export { resolveSecretRef } from './secrets.js';
export {
  checkProviderSettings,
  type LoadedSettings,
  loadProviderSettings,
  readSmtpCa,
  type SettingsErrorOptions,
  smtpTransportOf,
} from './settings.js';
export { runWatchdog, type WatchdogOptions, type WatchdogRun } from './watchdog.js';
export {
  DATA_ENV,
  DEFAULT_DATA_DIR,
  type InitResult,
  initDataDir,
  listTenants,
  loadTenantConfig,
  openStore,
  resolveDataDir,
  resolveTenant,
  TENANTS_DIR,
  tenantConfigPath,
  tenantFromFileName,
} from './workspace.js';
