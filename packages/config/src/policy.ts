import { type PlanPolicy, parseValidity, REVOCATION_WINDOW_HOURS } from '@usesync/domain';
import type { TenantConfig } from './schema.js';

/** The plan policy of a validated tenant configuration. */
export function policyFromConfig(config: TenantConfig): PlanPolicy {
  return {
    pgp: {
      enabled: config.features.pgp,
      defaultKeyLength: config.pgp.defaultKeyLength,
      defaultValidity: parseValidity(config.pgp.defaultValidity) ?? { amount: 1, unit: 'y' },
      // The config refuses a minimum below 2048 unless weak keys are allowed explicitly.
      minimumKeyLength: config.pgp.minimumKeyLength,
    },
    smime: {
      enabled: config.features.smime,
      source: config.smime.source,
      mode: config.smime.mode,
      maxLiveCertificates: config.smime.maxLiveCertificates,
      renewalBufferHours: config.watchdog.bufferHours,
    },
    state: config.state,
    revocationGuard: {
      percent: config.revocationGuard.percent,
      minimum: config.revocationGuard.minimum,
      windowHours:
        (config.revocationGuard as { windowHours?: number }).windowHours ?? REVOCATION_WINDOW_HOURS,
    },
  };
}

/**
 * The minimum RSA size of PGP keys for a tenant — the one rule the plan, key generation and key
 * imports all apply: `pgp.minimumKeyLength` (the configuration refuses a minimum below 2048 bits
 * unless `pgp.allowWeakKeys` is set).
 */
export function pgpMinimumKeyBits(config: Pick<TenantConfig, 'pgp'>): number {
  return config.pgp.minimumKeyLength;
}
