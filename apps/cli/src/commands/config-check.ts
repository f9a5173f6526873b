import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseProviderSettings, parseTenantConfig } from '@usesync/config';
import { countDiagnostics, type Diagnostic, decodeUtf8, diagnostic, sortDiagnostics } from '@usesync/domain';
import type { Command } from 'commander';
import { formatDiagnostic, plural } from '../format.js';
import { type CliIO, Exit, UsageError } from '../io.js';

/** Folder of the data directory holding one `<tenant>.yaml` per tenant (as the executor has it). */
const TENANTS_DIR = 'tenants';
/** Environment variable naming the data directory (as the executor has it). */
const DATA_ENV = 'USESYNC_DATA';
/** Environment variable naming the worker's settings file (as the worker has it). */
const SETTINGS_ENV = 'USESYNC_WORKER_CONFIG';

/** The check of one configuration file (one entry of the JSON output's `files`). */
interface FileCheck {
  readonly path: string;
  /** `settings`: the provider settings (`worker.yaml`); `tenant`: `tenants/<id>.yaml`. */
  readonly kind: 'settings' | 'tenant';
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** The file's lines, to show under a diagnostic (not in the JSON output). */
  readonly lines: readonly string[];
}

interface CheckOptions {
  readonly settings?: string;
  readonly data?: string;
  readonly tenant?: string;
  readonly json?: boolean;
}

/**
 * `usesync config check [--settings <worker.yaml>] [--data <dir>] [--tenant <id>] [--json]
 * [files...]`: validates the provider settings file (with `--settings` or
 * `$USESYNC_WORKER_CONFIG`) and the tenant configurations (the files given, else those of the
 * data directory: `--data`, the settings' `dataDir`, `$USESYNC_DATA`, `./.usesync`), and prints
 * every problem with its position, the source line and the did-you-mean that `@usesync/config`
 * puts in its messages. Reads only; opens no store, resolves no secret. Exit 0 when no file has an
 * error, 1 otherwise, 2 for usage errors (a file that cannot be read).
 */
export function registerConfig(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const config = program
    .command('config')
    .description('check the worker configuration and the tenant configurations');
  config
    .command('check')
    .description(
      'validate the settings file and tenant configurations; print every error with its suggestion',
    )
    .argument(
      '[files...]',
      'tenant configuration files (default: every tenants/*.yaml of the data directory)',
    )
    .option('--settings <file>', 'the provider settings file, worker.yaml (default: $USESYNC_WORKER_CONFIG)')
    .option('--data <dir>', 'data directory (default: the settings’ dataDir, $USESYNC_DATA, then ./.usesync)')
    .option('--tenant <id>', 'only this tenant of the data directory')
    .option('--json', 'one JSON document on stdout')
    .action(async (files: string[], opts: CheckOptions) => {
      const checks: FileCheck[] = [];
      const settingsPath = opts.settings ?? io.env[SETTINGS_ENV];
      let settingsDataDir: string | undefined;
      let listed: readonly string[] | undefined;
      if (settingsPath !== undefined) {
        const path = resolve(io.cwd, settingsPath);
        const text = await readText(io, path);
        const parsed = parseProviderSettings(text, { baseDir: dirname(path) });
        checks.push(fileCheck(path, 'settings', parsed.diagnostics, text));
        settingsDataDir = parsed.value?.dataDir;
        listed = parsed.value?.tenants;
      }
      if (files.length > 0) {
        for (const f of files) checks.push(await checkTenantFile(io, resolve(io.cwd, f)));
      } else if (settingsPath === undefined || settingsDataDir !== undefined || opts.data !== undefined) {
        const dataDir = resolve(io.cwd, opts.data ?? settingsDataDir ?? io.env[DATA_ENV] ?? '.usesync');
        const wanted = opts.tenant !== undefined ? [opts.tenant] : listed;
        for (const path of tenantFiles(dataDir, wanted)) checks.push(await checkTenantFile(io, path));
      } else {
        io.err('tenant configurations not checked: the settings file has errors (or give --data <dir>)\n');
      }
      print(io, checks, opts.json === true);
      setExit(checks.every((c) => c.ok) ? Exit.Ok : Exit.InputErrors);
    });
}

function print(io: CliIO, checks: readonly FileCheck[], json: boolean): void {
  const failed = checks.filter((c) => !c.ok).length;
  if (json) {
    const files = checks.map(({ lines: _, ...c }) => c);
    io.out(`${JSON.stringify({ ok: failed === 0, files }, null, 2)}\n`);
    return;
  }
  for (const c of checks) {
    const { errors, warnings } = countDiagnostics(c.diagnostics);
    for (const d of sortDiagnostics(c.diagnostics)) io.out(formatDiagnostic(c.path, d, c.lines[d.line - 1]));
    io.out(
      `${c.path}: ${c.ok ? 'ok' : 'invalid'} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})\n`,
    );
  }
  io.out(
    `${plural(checks.length, 'configuration')} checked: ${failed === 0 ? 'all valid' : `${failed} invalid`}\n`,
  );
}

/**
 * The tenant configuration files of the data directory: the `wanted` tenants (one with
 * `--tenant`, or the settings' `tenants` list; a missing file is then checked and reported as
 * unreadable), else every `*.yaml`.
 */
function tenantFiles(dataDir: string, wanted: readonly string[] | undefined): string[] {
  const dir = join(dataDir, TENANTS_DIR);
  if (wanted !== undefined) return wanted.map((t) => join(dir, `${t}.yaml`));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new UsageError(
      `Cannot list the tenant configurations in ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  const yaml = names.filter((n) => n.endsWith('.yaml')).sort();
  if (yaml.length === 0) throw new UsageError(`Cannot check: no tenant configuration (*.yaml) in ${dir}`);
  return yaml.map((n) => join(dir, n));
}

async function readText(io: CliIO, path: string): Promise<string> {
  try {
    return decodeUtf8(await io.readFile(path)).text;
  } catch (e) {
    throw new UsageError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

function fileCheck(
  path: string,
  kind: FileCheck['kind'],
  diagnostics: readonly Diagnostic[],
  text: string,
): FileCheck {
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return { path, kind, ok, diagnostics, lines: text.split(/\r?\n/) };
}

/** Parses one tenant configuration; a file named `<id>.yaml` must configure tenant `<id>`. */
async function checkTenantFile(io: CliIO, path: string): Promise<FileCheck> {
  const text = await readText(io, path);
  const parsed = parseTenantConfig(text);
  const diagnostics = [...parsed.diagnostics];
  const base = basename(path);
  const expected = base.endsWith('.yaml') ? base.slice(0, -'.yaml'.length) : undefined;
  if (parsed.value !== undefined && expected !== undefined && parsed.value.tenant.id !== expected) {
    diagnostics.push(
      diagnostic(
        'error',
        'CFG002',
        `tenant.id: the file ${base} configures tenant ${parsed.value.tenant.id}; the worker and the CLI look for it as ${expected}`,
        1,
        1,
      ),
    );
  }
  return fileCheck(path, 'tenant', diagnostics, text);
}
