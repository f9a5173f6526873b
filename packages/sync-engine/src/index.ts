// @usesync/sync-engine: the pure key-state diff engine. No I/O, no clock: `now` comes in.
export { type BatchImportPlanInput, type BatchImportRow, planBatchImport } from './batch-import.js';
export type { KeyFileInput, PlanInput } from './input.js';
export { applyPlanToModel } from './model.js';
export { plan } from './plan.js';
export { DEFAULT_POLICY, type PlanPolicy, REVOCATION_WINDOW_HOURS } from './policy.js';
export { refuseActions } from './refuse.js';
export {
  capRefusal,
  createActionFor,
  latestCertificate,
  liveCertificateCount,
  type RenewalDecision,
  renewalDecision,
  renewalReason,
} from './renewal.js';
export { planWatchdog, type WatchdogPlanInput, type WatchdogPolicy } from './watchdog.js';
