// @usesync/config: the tenant configuration and the provider-level settings (worker.yaml): YAML
// schemas, defaults and validation. Pure: no I/O.
export { defaultTenantConfig } from './defaults.js';
export type { ConfigDiagnosticCode } from './parse.js';
export { formatConfigDiagnostics, formatKeyPath, parseTenantConfig } from './parse.js';
export { pgpMinimumKeyBits, policyFromConfig } from './policy.js';
export { providerSettingsSchema } from './provider-schema.js';
export type {
  ProviderSettings,
  ProviderSettingsOptions,
  SmtpSettings,
  SmtpTlsSettings,
} from './provider-settings.js';
export { parseProviderSettings, validateProviderSettings } from './provider-settings.js';
export { renderDefaultTenantConfigYaml } from './render.js';
export type { SecretRef, TenantConfig } from './schema.js';
export {
  cronProblem,
  isValidTenantId,
  REVOCATION_REASONS,
  SMIME_KEY_ALGORITHMS,
  TENANT_ID_PATTERN,
  tenantConfigSchema,
} from './schema.js';
export { insecureUrlProblem, isLoopbackHost } from './url-safety.js';
