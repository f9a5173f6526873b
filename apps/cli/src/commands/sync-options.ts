import type { TenantConfig } from '@usesync/config';
import type { Secret } from '@usesync/domain';
import {
  type InputFile,
  inputKind,
  loadTenantConfig,
  resolveDataDir,
  resolveSecretRef,
  resolveTenant,
  tenantFromFileName,
} from '@usesync/executor';
import type { Command } from 'commander';
import { type CliIO, UsageError } from '../io.js';

/**
 * Reads the input files of a sync; I/O problems, an unknown suffix and two files of one kind are
 * usage errors (exit 2). Their content is checked by the sync itself.
 */
export async function readUploads(io: CliIO, files: readonly string[]): Promise<InputFile[]> {
  const read: InputFile[] = [];
  const kinds = new Set<string>();
  for (const path of files) {
    const kind = inputKind(path);
    if (kind === undefined)
      throw new UsageError(`Cannot take ${path}: it is neither a .useimport nor a .ruleimport file`);
    if (kinds.has(kind)) throw new UsageError(`Cannot take ${path}: only one .${kind} file per sync`);
    kinds.add(kind);
    try {
      read.push({ name: path, bytes: await io.readFile(path) });
    } catch (e) {
      throw new UsageError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  return read;
}

/**
 * Refuses files whose name prefix (`<tenant>_…`) names another tenant than the one the command
 * works on (exit 2): applying tenant A's file to tenant B is never what was meant.
 */
export function checkFileTenants(tenant: string, files: readonly string[]): void {
  for (const f of files) {
    const prefix = tenantFromFileName(f);
    if (prefix !== undefined && prefix !== tenant)
      throw new UsageError(
        `Cannot use ${f} for tenant ${tenant}: its name says it belongs to tenant ${prefix}; pass --ignore-file-tenant if that is really meant`,
      );
  }
}

/** Parses `--now`; the clock otherwise. */
export function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new UsageError(`Cannot use --now ${JSON.stringify(text)}: expected an ISO-8601 time`);
  return d;
}

/** Options of the commands that take sync files (`plan`, `apply`). */
export interface SyncCommandOptions {
  readonly data?: string;
  readonly tenant?: string;
  readonly now?: string;
  readonly allowMassRevocation?: boolean;
  readonly ignoreFileTenant?: boolean;
  /** `plan`: skip the CA's pre-flight of products and subjects. */
  readonly offline?: boolean;
  readonly json?: boolean;
}

/**
 * Declares a command over sync files with the options `plan` and `apply` share (`--data`,
 * `--tenant`, `--now`, `--allow-mass-revocation`, `--json`); `verb` words their help.
 */
export function syncCommand(program: Command, name: string, description: string, verb: string): Command {
  return program
    .command(name)
    .description(description)
    .argument('<files...>', 'one .useimport and/or one .ruleimport file')
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .option('--tenant <id>', 'tenant (default: the file-name prefix, or the only tenant)')
    .option('--now <iso>', `${verb} as of this time instead of now (expiry, renewal buffer)`)
    .option('--allow-mass-revocation', `${verb} even when the revocation guard would refuse`)
    .option('--ignore-file-tenant', `${verb} files whose name prefix names another tenant`)
    .option('--json', 'one JSON document on stdout');
}

/** What a sync command starts from. */
export interface SyncCommandContext {
  readonly now: Date;
  readonly dataDir: string;
  readonly tenant: string;
  readonly config: TenantConfig;
  /** The files as read (checked by the sync). */
  readonly uploads: InputFile[];
  /** The tenant's default import passphrase, when configured. */
  readonly defaultImportPassphrase?: Secret;
}

/**
 * Resolves what a sync command starts from: the time, data directory, tenant (files named for
 * another tenant are refused unless `--ignore-file-tenant`), its configuration and the read files.
 */
export async function syncContext(
  io: CliIO,
  files: readonly string[],
  opts: SyncCommandOptions,
): Promise<SyncCommandContext> {
  const now = parseNow(opts.now);
  const dataDir = resolveDataDir(opts.data, io.env, io.cwd);
  const tenant = resolveTenant(dataDir, opts.tenant, files);
  if (!opts.ignoreFileTenant) checkFileTenants(tenant, files);
  const config = loadTenantConfig(dataDir, tenant);
  const uploads = await readUploads(io, files);
  const ref = config.smime.defaultImportPassphrase;
  const defaultImportPassphrase = ref ? resolveSecretRef(ref, io.env, dataDir) : undefined;
  return {
    now,
    dataDir,
    tenant,
    config,
    uploads,
    ...(defaultImportPassphrase ? { defaultImportPassphrase } : {}),
  };
}
