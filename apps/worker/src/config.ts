import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  formatConfigDiagnostics,
  type ProviderSettings,
  parseProviderSettings,
  providerSettingsSchema,
  type SecretRef,
  type TenantConfig,
  validateProviderSettings,
} from '@usesync/config';
import { type Diagnostic, UsesyncError } from '@usesync/domain';
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
  const r = validateProviderSettings(value ?? {}, { baseDir: configDir });
  return settingsOrThrow(r.value, r.diagnostics, source, undefined);
}

function settingsOrThrow(
  value: ProviderSettings | undefined,
  diagnostics: readonly Diagnostic[],
  source: string,
  file: string | undefined,
): WorkerConfig {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (value === undefined || errors.length > 0) {
    const lines = formatConfigDiagnostics(errors, file);
    throw new UsesyncError('WORKER_CONFIG_INVALID', `Cannot use ${source}:\n${lines.join('\n')}`);
  }
  return { ...value, configDir: value.baseDir };
}

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
 * Reads and validates a worker configuration file (YAML): the provider-level settings, with each
 * problem at its line and column, then checks the files it names that must be there at start
 * (`smtp.tls.ca`: a readable PEM file of certificates). Throws `WORKER_CONFIG_INVALID`.
 */
export function loadWorkerConfig(path: string): WorkerConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsesyncError(
      'WORKER_CONFIG_INVALID',
      `Cannot read the worker configuration ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`,
      { cause: e },
    );
  }
  const r = parseProviderSettings(text, { baseDir: dirname(resolve(path)) });
  const wc = settingsOrThrow(r.value, r.diagnostics, path, path);
  if (wc.smtp?.tls?.ca !== undefined) readSmtpCa(wc.smtp.tls.ca, path);
  return wc;
}

/**
 * Reads the SMTP CA file named by `smtp.tls.ca` (an absolute path, as in {@link WorkerConfig}):
 * its PEM text. Throws `WORKER_CONFIG_INVALID` when it is missing, not a regular file or holds no
 * PEM certificate: a trust problem is a configuration error found at start, not a mail failure.
 */
export function readSmtpCa(caPath: string, source = 'the worker configuration'): string {
  const fail = (why: string, cause?: unknown): never => {
    throw new UsesyncError('WORKER_CONFIG_INVALID', `Cannot use ${source}: smtp.tls.ca ${caPath}: ${why}`, {
      ...(cause === undefined ? {} : { cause }),
    });
  };
  let pem = '';
  try {
    if (!statSync(caPath).isFile()) fail('not a regular file');
    pem = readFileSync(caPath, 'utf8');
  } catch (e) {
    if (e instanceof UsesyncError) throw e;
    fail(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`, e);
  }
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem)) {
    fail('expected PEM certificates (-----BEGIN CERTIFICATE-----)');
  }
  return pem;
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
