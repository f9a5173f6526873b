import type { TenantConfig } from '@usesync/config';
import { countDiagnostics, hasChanges, type Plan, type Secret } from '@usesync/domain';
import {
  CA_ENV,
  type CaHandle,
  type InputFile,
  inputKind,
  loadTenantConfig,
  openStore,
  resolveDataDir,
  resolveSecretRef,
  resolveTenant,
  runSync,
  tenantFromFileName,
} from '@usesync/executor';
import { renderSyncReport } from '@usesync/report';
import { printRuleSet } from '@usesync/rule-notation';
import type { Command } from 'commander';
import { type CliIO, Exit, UsageError } from '../io.js';
import { openEmbeddedCa, runFileNames, waitingKeyFiles } from './runtime.js';

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

/** JSON shape of a plan for `--json` (documented in the CLI README). */
export function planJson(p: Plan): unknown {
  return {
    ok: p.refusal === undefined,
    tenant: p.tenant,
    now: p.now,
    lines: p.lines.map((l) => ({
      file: l.file,
      line: l.line,
      prefix: l.prefix,
      kind: l.kind,
      ...(l.address === undefined ? {} : { address: l.address }),
      text: l.text,
      reason: l.reason,
    })),
    actions: p.actions,
    summary: p.summary,
    ...(p.refusal ? { refusal: p.refusal } : {}),
  };
}

/**
 * `usesync plan`: the dry run. Prints the sync report as it would be; changes nothing. Exit 0 when
 * the plan is empty, 3 when it has changes, 1 when a parse error (or the revocation guard) stops
 * it, 2 for usage or I/O errors.
 */
export function registerPlan(program: Command, io: CliIO, setExit: (code: number) => void): void {
  syncCommand(program, 'plan', 'dry run: show what a sync of the files would do (nothing is changed)', 'plan')
    .option('--offline', "skip the CA's pre-flight of products and subjects (a CA in USESYNC_SWISSSIGN_URL)")
    .action(async (files: string[], opts: SyncCommandOptions) => {
      const { now, dataDir, tenant, config, uploads, defaultImportPassphrase } = await syncContext(
        io,
        files,
        opts,
      );
      const store = openStore(dataDir, io.env, true);
      let run: Awaited<ReturnType<typeof runSync>>;
      let ca: CaHandle | undefined;
      try {
        // The CA's pre-flight (products, subjects) when a CA is configured, unless --offline: it
        // orders nothing. The embedded simulator offers the configured products as they are, so
        // it is not started (the data directory stays untouched).
        const remote = io.env[CA_ENV.url] !== undefined;
        ca = opts.offline || !remote ? undefined : await openEmbeddedCa(io, dataDir, config);
        run = await runSync(
          {
            config,
            deps: { store, ...(ca ? { ca: ca.caFor(config) } : {}) },
            keyFiles: () => waitingKeyFiles(dataDir, config),
            ...(defaultImportPassphrase ? { defaultImportPassphrase } : {}),
          },
          uploads,
          {
            now,
            dryRun: true,
            names: () => runFileNames(tenant, now, 'sync'),
            ...(opts.allowMassRevocation ? { allowMassRevocation: true } : {}),
          },
        );
      } finally {
        await store.close();
        await ca?.close();
      }
      const { inputs } = run;
      const p = run.plan;
      if (!p) {
        if (opts.json) {
          const fs = [inputs.useImport, inputs.ruleImport].flatMap((f) => (f ? [f] : []));
          io.out(
            `${JSON.stringify({ ok: false, files: fs.map((f) => ({ path: f.name, diagnostics: f.diagnostics, errors: countDiagnostics(f.diagnostics).errors })) }, null, 2)}\n`,
          );
        } else io.out(run.delivery?.report.text ?? '');
        setExit(Exit.InputErrors);
        return;
      }
      if (opts.json) io.out(`${JSON.stringify(planJson(p), null, 2)}\n`);
      else {
        const actionId = inputs.useImport?.value.options['action-id']?.value;
        const report = renderSyncReport({
          source: p,
          files: {
            ...(inputs.useImport ? { useimport: inputs.useImport.name } : {}),
            ...(inputs.ruleImport ? { ruleimport: inputs.ruleImport.name } : {}),
          },
          now: now.toISOString(),
          ...(actionId === undefined ? {} : { actionId }),
          ...(inputs.ruleImport
            ? { liveRules: printRuleSet(inputs.ruleImport.value).split('\n').filter(Boolean) }
            : {}),
        });
        io.out(report.text);
      }
      setExit(p.refusal ? Exit.InputErrors : hasChanges(p) ? Exit.Changes : Exit.Ok);
    });
}
