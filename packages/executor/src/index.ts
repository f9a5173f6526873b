// @usesync/executor: composition of the adapters — the workspace (data directory, tenant
// configuration, input files), planning against the store, and applying plans.
export { type CheckedFile, checkInputs, type InputFile, inputKind, type SyncInputs } from './inputs.js';
export { type PlanSyncOptions, planSync } from './plan-sync.js';
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
