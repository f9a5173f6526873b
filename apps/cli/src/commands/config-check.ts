import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseTenantConfig } from '@usesync/config';
import { countDiagnostics, type Diagnostic, decodeUtf8, diagnostic, sortDiagnostics } from '@usesync/domain';
import type { Command } from 'commander';
import { formatDiagnostic, plural } from '../format.js';
import { type CliIO, Exit, UsageError } from '../io.js';

/** Folder of the data directory holding one `<tenant>.yaml` per tenant (as the executor has it). */
const TENANTS_DIR = 'tenants';
/** Environment variable naming the data directory (as the executor has it). */
const DATA_ENV = 'USESYNC_DATA';

/** The check of one configuration file (one entry of the JSON output's `files`). */
interface FileCheck {
  readonly path: string;
  /** `tenant` for `tenants/<id>.yaml`. */
  readonly kind: 'tenant';
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** The file's lines, to show under a diagnostic (not in the JSON output). */
  readonly lines: readonly string[];
}

/**
 * `usesync config check [--data <dir>] [--tenant <id>] [--json] [files...]`: validates the tenant
 * configurations of the data directory (or the files given) and prints every problem with its
 * position and the did-you-mean the configuration package computes. Reads only; opens no store.
 * Exit 0 when no file has an error, 1 otherwise, 2 for usage errors (a file that cannot be read).
 */
export function registerConfig(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const config = program
    .command('config')
    .description('check the worker configuration and the tenant configurations');
  config
    .command('check')
    .description('validate tenant configurations; print every error with its position and suggestion')
    .argument(
      '[files...]',
      'tenant configuration files (default: every tenants/*.yaml of the data directory)',
    )
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .option('--tenant <id>', 'only this tenant of the data directory')
    .option('--json', 'one JSON document on stdout')
    .action(async (files: string[], opts: { data?: string; tenant?: string; json?: boolean }) => {
      const paths = files.length > 0 ? files.map((f) => resolve(io.cwd, f)) : tenantFiles(io, opts);
      const checks: FileCheck[] = [];
      for (const path of paths) checks.push(await checkTenantFile(io, path));
      const failed = checks.filter((c) => !c.ok).length;
      if (opts.json) {
        const json = checks.map(({ lines: _, ...c }) => c);
        io.out(`${JSON.stringify({ ok: failed === 0, files: json }, null, 2)}\n`);
      } else {
        for (const c of checks) {
          const { errors, warnings } = countDiagnostics(c.diagnostics);
          for (const d of sortDiagnostics(c.diagnostics))
            io.out(formatDiagnostic(c.path, d, c.lines[d.line - 1]));
          io.out(
            `${c.path}: ${c.ok ? 'ok' : 'invalid'} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})\n`,
          );
        }
        io.out(
          `${plural(checks.length, 'configuration')} checked: ${failed === 0 ? 'all valid' : `${failed} invalid`}\n`,
        );
      }
      setExit(failed === 0 ? Exit.Ok : Exit.InputErrors);
    });
}

/** The tenant configuration files of the data directory (one tenant with `--tenant`). */
function tenantFiles(io: CliIO, opts: { data?: string; tenant?: string }): string[] {
  const dataDir = resolve(io.cwd, opts.data ?? io.env[DATA_ENV] ?? '.usesync');
  const dir = join(dataDir, TENANTS_DIR);
  if (opts.tenant !== undefined) return [join(dir, `${opts.tenant}.yaml`)];
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

/** Parses one tenant configuration; a file named `<id>.yaml` must configure tenant `<id>`. */
async function checkTenantFile(io: CliIO, path: string): Promise<FileCheck> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(path);
  } catch (e) {
    throw new UsageError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const text = decodeUtf8(bytes).text;
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
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return { path, kind: 'tenant', ok, diagnostics, lines: text.split(/\r?\n/) };
}
