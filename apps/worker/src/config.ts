import { isAbsolute, resolve } from 'node:path';
import {
  type ProviderSettings,
  providerSettingsSchema,
  type SecretRef,
  type TenantConfig,
} from '@usesync/config';
import { UsesyncError } from '@usesync/domain';
import {
  checkProviderSettings,
  loadProviderSettings,
  readSmtpCa as readExecutorSmtpCa,
} from '@usesync/executor';
import { findOverlappingShareRoots, type TenantShareRoot } from '@usesync/share';
import { STORE_ENV } from '@usesync/store';

/** Environment variable naming the worker configuration file. */
export const WORKER_CONFIG_ENV = 'USESYNC_WORKER_CONFIG';

/**
 * The zod schema of the worker configuration (YAML): the provider-level settings of
 * `@usesync/config`, kept under its old name.
 */
export const workerConfigSchema = providerSettingsSchema;

/** A validated worker configuration; `dataDir` is absolute, `configDir` the settings file's folder. */
export type WorkerConfig = ProviderSettings & { readonly configDir: string };
export type { SecretRef };

/**
 * Validates a parsed worker configuration. Throws `WORKER_CONFIG_INVALID` listing every problem
 * with its key path (`http.port: expected a port number`).
 */
export function parseWorkerConfig(
  value: unknown,
  configDir: string,
  source = 'the worker configuration',
): WorkerConfig {
  return checkProviderSettings(value, configDir, { code: CODE, source });
}

const CODE = 'WORKER_CONFIG_INVALID';

/**
 * Where the worker's store is: the configured `store`, else `USESYNC_STORE` from `env`, else the
 * data directory (SQLite). `explicit` is false for the data-directory default.
 */
export function storeLocationOf(
  wc: WorkerConfig,
  env: Readonly<Record<string, string | undefined>>,
): { readonly location: string; readonly explicit: boolean } {
  const given = wc.store ?? env[STORE_ENV]?.trim();
  return given ? { location: given, explicit: true } : { location: wc.dataDir, explicit: false };
}

/**
 * Reads and validates a worker configuration file (YAML) — `loadProviderSettings` of
 * `@usesync/executor`, the file `usesync apply --config` reads too: each problem at its line and
 * column, then the files it names that must be there at start (`smtp.tls.ca`). Throws
 * `WORKER_CONFIG_INVALID`.
 */
export function loadWorkerConfig(path: string): WorkerConfig {
  return loadProviderSettings(path, { code: CODE });
}

/** Reads the SMTP CA file named by `smtp.tls.ca` (see `readSmtpCa` of `@usesync/executor`). */
export function readSmtpCa(caPath: string, source = 'the worker configuration'): string {
  return readExecutorSmtpCa(caPath, source, CODE);
}

/**
 * Where each tenant's share is, for the overlap check of `@usesync/share`: local roots made
 * absolute (relative ones are inside `dataDir`, as the share factory opens them), SFTP roots by
 * host, port, user and remote folder.
 */
export function tenantShareRoots(configs: readonly TenantConfig[], dataDir: string): TenantShareRoot[] {
  return configs.map((c): TenantShareRoot => {
    const s = c.share;
    if (s.kind === 'sftp' && s.sftp !== undefined) {
      const { host, port, username, root } = s.sftp;
      return { tenant: c.tenant.id, kind: 'sftp', host, port, username, root };
    }
    return {
      tenant: c.tenant.id,
      kind: 'local',
      root: isAbsolute(s.root) ? s.root : resolve(dataDir, s.root),
    };
  });
}

/**
 * Refuses tenants whose share roots overlap (the same folder, or one inside the other, by real
 * path): one tenant would list, import and delete the other's uploads. Throws
 * `WORKER_CONFIG_INVALID` naming both tenants of every overlapping pair.
 */
export async function assertDisjointShareRoots(
  configs: readonly TenantConfig[],
  dataDir: string,
): Promise<void> {
  const overlaps = await findOverlappingShareRoots(tenantShareRoots(configs, dataDir));
  if (overlaps.length === 0) return;
  throw new UsesyncError(
    'WORKER_CONFIG_INVALID',
    `Cannot start the worker: tenants must not share a folder:\n${overlaps.map((o) => `  ${o.message}`).join('\n')}`,
  );
}
