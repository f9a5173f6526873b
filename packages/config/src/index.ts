// @usesync/config: the tenant configuration: YAML schema, defaults and validation. Pure: no I/O.
export { defaultTenantConfig } from './defaults.js';
export type { ConfigDiagnosticCode } from './parse.js';
export { formatKeyPath, parseTenantConfig } from './parse.js';
export { renderDefaultTenantConfigYaml } from './render.js';
export type { SecretRef, TenantConfig } from './schema.js';
export {
  isValidTenantId,
  REVOCATION_REASONS,
  SMIME_KEY_ALGORITHMS,
  TENANT_ID_PATTERN,
  tenantConfigSchema,
} from './schema.js';
