import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  isValidTenantId,
  parseTenantConfig,
  renderDefaultTenantConfigYaml,
  type TenantConfig,
} from '@usesync/config';
import { type Diagnostic, type Store, UsesyncError } from '@usesync/domain';
import { openDataDirStore } from '@usesync/store';

/** Environment variable naming the data directory. */
export const DATA_ENV = 'USESYNC_DATA';
/** The data directory used when neither `--data` nor `USESYNC_DATA` is given. */
export const DEFAULT_DATA_DIR = '.usesync';
/** Folder of tenant configurations inside the data directory (`<id>.yaml`). */
export const TENANTS_DIR = 'tenants';

/**
 * The data directory: `--data`, else `$USESYNC_DATA`, else `./.usesync`, resolved against `cwd`.
 */
export function resolveDataDir(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string {
  return resolve(cwd, flag ?? env[DATA_ENV] ?? DEFAULT_DATA_DIR);
}

/** Path of a tenant's configuration file. */
export function tenantConfigPath(dataDir: string, tenant: string): string {
  return join(dataDir, TENANTS_DIR, `${tenant}.yaml`);
}

/** Tenant ids configured in a data directory, sorted. */
export function listTenants(dataDir: string): string[] {
  const dir = join(dataDir, TENANTS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .filter(isValidTenantId)
    .sort();
}

/** The tenant prefix of an upload's file name (`12345TE` of `12345TE_use_import_….useimport`). */
export function tenantFromFileName(path: string): string | undefined {
  const name = basename(path);
  const cut = name.indexOf('_');
  const prefix = cut > 0 ? name.slice(0, cut) : undefined;
  return prefix !== undefined && isValidTenantId(prefix) ? prefix : undefined;
}

/**
 * Which tenant a command is about: the explicit one, else the file-name prefix of the first
 * input file, else the only tenant of the data directory. Throws `TENANT_UNKNOWN` with advice.
 */
export function resolveTenant(
  dataDir: string,
  explicit: string | undefined,
  files: readonly string[],
): string {
  if (explicit !== undefined) return explicit;
  for (const f of files) {
    const t = tenantFromFileName(f);
    if (t !== undefined && existsSync(tenantConfigPath(dataDir, t))) return t;
  }
  const all = listTenants(dataDir);
  if (all.length === 1) return all[0]!;
  throw new UsesyncError(
    'TENANT_UNKNOWN',
    all.length === 0
      ? `Cannot find a tenant in ${dataDir}: run \`usesync init --data ${dataDir} --tenant <id>\` first`
      : `Cannot tell which tenant: name it with --tenant (configured: ${all.join(', ')})`,
  );
}

/** Loads and validates a tenant's configuration; errors name the key path and the file. */
export function loadTenantConfig(dataDir: string, tenant: string): TenantConfig {
  const path = tenantConfigPath(dataDir, tenant);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsesyncError(
      'TENANT_UNKNOWN',
      `Cannot read the configuration of tenant ${tenant} (${path}): ${(e as NodeJS.ErrnoException).code ?? e}; run \`usesync init --tenant ${tenant}\``,
      { cause: e },
    );
  }
  const parsed = parseTenantConfig(text);
  const errors = parsed.diagnostics.filter((d: Diagnostic) => d.severity === 'error');
  if (parsed.value === undefined || errors.length > 0) {
    const list = errors.map((d) => `  ${path}:${d.line}:${d.column}: ${d.message}`).join('\n');
    throw new UsesyncError('CONFIG_INVALID', `Cannot use the configuration of tenant ${tenant}:\n${list}`);
  }
  if (parsed.value.tenant.id !== tenant) {
    throw new UsesyncError(
      'CONFIG_INVALID',
      `Cannot use ${path}: it configures tenant ${parsed.value.tenant.id}, not ${tenant}`,
    );
  }
  return parsed.value;
}

/** Result of {@link initDataDir}. */
export interface InitResult {
  readonly dataDir: string;
  readonly configPath: string;
  /** False when the tenant configuration already existed and was kept. */
  readonly configCreated: boolean;
}

/**
 * Creates a data directory (mode 0700) with the key-encryption key, an empty store and a
 * commented default configuration for the tenant. Existing files are never overwritten.
 */
export async function initDataDir(
  dataDir: string,
  tenant: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<InitResult> {
  if (!isValidTenantId(tenant)) {
    throw new UsesyncError(
      'TENANT_INVALID',
      `Cannot create tenant ${JSON.stringify(tenant)}: use letters and digits only, e.g. 12345TE`,
    );
  }
  mkdirSync(join(dataDir, TENANTS_DIR), { recursive: true, mode: 0o700 });
  const store = openDataDirStore({ dataDir, env, create: true });
  await store.close();
  const configPath = tenantConfigPath(dataDir, tenant);
  const configCreated = !existsSync(configPath);
  if (configCreated)
    writeFileSync(configPath, renderDefaultTenantConfigYaml(tenant), { mode: 0o600, flag: 'wx' });
  return { dataDir, configPath, configCreated };
}

/** Opens the store of a data directory (read-only for dry runs). */
export function openStore(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
  readOnly = false,
): Store {
  if (!existsSync(dataDir)) {
    throw new UsesyncError(
      'DATA_DIR_MISSING',
      `Cannot open the data directory ${dataDir}: it does not exist; run \`usesync init\``,
    );
  }
  return openDataDirStore({ dataDir, env, readOnly });
}
