import type { TenantConfig } from '@usesync/config';
import { countDiagnostics, hasChanges, type Plan } from '@usesync/domain';
import {
  checkInputs,
  loadTenantConfig,
  openStore,
  planSync,
  resolveDataDir,
  resolveTenant,
  type SyncInputs,
} from '@usesync/executor';
import { renderErrorReport, renderSyncReport } from '@usesync/report';
import { printRuleSet } from '@usesync/rule-notation';
import type { Command } from 'commander';
import { type CliIO, Exit, UsageError } from '../io.js';
import { sourceLines } from '../kinds.js';

/** Reads the input files of a sync; I/O problems are usage errors (exit 2). */
export async function readInputs(io: CliIO, files: readonly string[]): Promise<SyncInputs> {
  const read = [];
  for (const path of files) {
    try {
      read.push({ name: path, bytes: await io.readFile(path) });
    } catch (e) {
      throw new UsageError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  try {
    return checkInputs(read);
  } catch (e) {
    throw new UsageError((e as Error).message);
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

/** The error report of inputs that failed their checks (text), for stdout. */
export function errorReportText(tenant: string, inputs: SyncInputs, now: Date): string {
  const files = [inputs.useImport, inputs.ruleImport].flatMap((f) =>
    f ? [{ name: f.name, lines: sourceLines(f.bytes), diagnostics: f.diagnostics, display: f.display }] : [],
  );
  return renderErrorReport({ tenant, now: now.toISOString(), files }).text;
}

/** Options of the commands that take sync files (`plan`, `apply`). */
export interface SyncCommandOptions {
  readonly data?: string;
  readonly tenant?: string;
  readonly now?: string;
  readonly allowMassRevocation?: boolean;
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
    .option('--json', 'one JSON document on stdout');
}

/** What a sync command starts from. */
export interface SyncCommandContext {
  readonly now: Date;
  readonly dataDir: string;
  readonly tenant: string;
  readonly config: TenantConfig;
  readonly inputs: SyncInputs;
}

/** Resolves what a sync command starts from: the time, data directory, tenant, its configuration and the read files. */
export async function syncContext(
  io: CliIO,
  files: readonly string[],
  opts: SyncCommandOptions,
): Promise<SyncCommandContext> {
  const now = parseNow(opts.now);
  const dataDir = resolveDataDir(opts.data, io.env, io.cwd);
  const tenant = resolveTenant(dataDir, opts.tenant, files);
  const config = loadTenantConfig(dataDir, tenant);
  const inputs = await readInputs(io, files);
  return { now, dataDir, tenant, config, inputs };
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
  syncCommand(
    program,
    'plan',
    'dry run: show what a sync of the files would do (nothing is changed)',
    'plan',
  ).action(async (files: string[], opts: SyncCommandOptions) => {
    const { now, dataDir, tenant, config, inputs } = await syncContext(io, files, opts);
    if (!inputs.ok) {
      if (opts.json) {
        const fs = [inputs.useImport, inputs.ruleImport].flatMap((f) => (f ? [f] : []));
        io.out(
          `${JSON.stringify({ ok: false, files: fs.map((f) => ({ path: f.name, diagnostics: f.diagnostics, errors: countDiagnostics(f.diagnostics).errors })) }, null, 2)}\n`,
        );
      } else io.out(errorReportText(tenant, inputs, now));
      setExit(Exit.InputErrors);
      return;
    }
    const store = openStore(dataDir, io.env, true);
    let p: Plan;
    try {
      p = await planSync(store, config, inputs, {
        now,
        ...(opts.allowMassRevocation ? { allowMassRevocation: true } : {}),
      });
    } finally {
      await store.close();
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
