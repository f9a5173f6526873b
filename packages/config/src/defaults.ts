import { UsesyncError } from '@usesync/domain';
import { isValidTenantId, type TenantConfig, tenantConfigSchema } from './schema.js';

/**
 * The configuration of a new tenant: every option at its documented default.
 * Throws `UsesyncError('CONFIG_INVALID_TENANT')` for an id that is not letters and digits.
 */
export function defaultTenantConfig(tenantId: string): TenantConfig {
  if (!isValidTenantId(tenantId)) {
    throw new UsesyncError(
      'CONFIG_INVALID_TENANT',
      `Cannot create a tenant configuration: tenant id ${JSON.stringify(tenantId)} must be letters and digits only`,
    );
  }
  return tenantConfigSchema.parse({ tenant: { id: tenantId } });
}
