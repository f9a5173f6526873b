// @usesync/intake: the pick-up of uploads from a tenant's share — which files are ready, refused
// or still being written, which go together into one sync — and the poll flow around a sync.
export { type KeyFolderFile, type RefusedKeyFolderFile, waitingKeyFiles } from './key-folders.js';
export {
  groupSyncs,
  type ImportKind,
  importKindOf,
  type RefusalCode,
  type SeenFile,
  type Triage,
  triagePoll,
} from './pickup.js';
export { type Refusal, renderRefusalReport } from './refusal-report.js';
export {
  type DownloadedFile,
  errorInfo,
  type HeldFiles,
  type IntakeLog,
  type IntakePorts,
  type IntakeSyncResult,
  sha256,
  TenantIntake,
} from './tenant-intake.js';
export { hasTerminator } from './terminator.js';
