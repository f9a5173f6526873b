// @usesync/worker: the daemon ops deploy — share intake, syncs, reports, mail, pushback,
// retention, WatchDog schedules, health and metrics over HTTP.
export { SIMULATOR_STATE_FILE, setUpCa } from './ca.js';
export { runWorkerCli, WorkerExit } from './cli.js';
export {
  loadWorkerConfig,
  parseWorkerConfig,
  storeLocationOf,
  WORKER_CONFIG_ENV,
  type WorkerConfig,
  workerConfigSchema,
} from './config.js';
export { type PushbackFile, pushback, sendMail } from './deliver.js';
export { type HealthSource, type ReadinessProblem, startHttp } from './http.js';
export { createLogger, type Logger, REDACT_PATHS } from './logger.js';
export { FORECAST_WEEKS, type MailSpoolStatus, type PollFailure, WorkerMetrics } from './metrics.js';
export {
  type DownloadedFile,
  finishFiles,
  processSync,
  type SyncResult,
  sha256,
  type TenantContext,
} from './process-sync.js';
export {
  type HeldClaims,
  holdClaims,
  leaseTenantLock,
  openWorkerStore,
  type ReplicaCoordination,
  type WorkerStore,
} from './replica.js';
export { scheduledTick, TenantScheduler } from './scheduler.js';
export { openTenantShare } from './share-factory.js';
export { InProcessTenantLock, type TenantLease, type TenantLock } from './tenant-lock.js';
export { errorInfo, TenantPoller } from './tenant-poller.js';
export { watchdogCycle } from './watchdog-job.js';
export {
  DEFAULT_MAIL_RETRY,
  DEFAULT_READINESS,
  type MailRetrySettings,
  type ReadinessThresholds,
  Worker,
  type WorkerOptions,
} from './worker.js';
