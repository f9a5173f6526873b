import { countDiagnostics, type Diagnostic } from '@usesync/domain';
import type { Command } from 'commander';
import { formatDiagnostic, plural } from '../format.js';
import { type CliIO, Exit, UsageError } from '../io.js';
import { fileKinds, kindOf, sourceLines } from '../kinds.js';

interface FileVerdict {
  readonly path: string;
  readonly kind: string;
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/** `usesync validate <file>… [--json]`: checks import and rule files without applying anything. */
export function registerValidate(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check .useimport / .ruleimport files and report every error (nothing is applied)')
    .argument('<files...>', 'files to check; the kind is chosen by suffix')
    .option('--json', 'one JSON document on stdout')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const verdicts: FileVerdict[] = [];
      for (const path of files) {
        const kind = kindOf(path);
        if (!kind) {
          throw new UsageError(
            `Cannot validate ${path}: unknown file kind (expected ${fileKinds.map((k) => k.suffix).join(' or ')})`,
          );
        }
        let bytes: Uint8Array;
        try {
          bytes = await io.readFile(path);
        } catch (e) {
          throw new UsageError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        }
        const diagnostics = kind.check(bytes);
        const verdict = {
          path,
          kind: kind.kind,
          ok: countDiagnostics(diagnostics).errors === 0,
          diagnostics,
        };
        verdicts.push(verdict);
        if (!opts.json) printHuman(io, verdict, bytes, kind.display);
      }
      const failed = verdicts.filter((v) => !v.ok).length;
      if (opts.json) {
        const files = verdicts.map((v) => ({
          path: v.path,
          kind: v.kind,
          ok: v.ok,
          diagnostics: v.diagnostics.map((d) => ({
            severity: d.severity,
            code: d.code,
            message: d.message,
            line: d.line,
            column: d.column,
            ...(d.hint === undefined ? {} : { hint: d.hint }),
          })),
        }));
        io.out(`${JSON.stringify({ files }, null, 2)}\n`);
      } else {
        const totals = verdicts.reduce(
          (acc, v) => {
            const c = countDiagnostics(v.diagnostics);
            return { errors: acc.errors + c.errors, warnings: acc.warnings + c.warnings };
          },
          { errors: 0, warnings: 0 },
        );
        io.out(
          `${plural(verdicts.length, 'file')} checked: ${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')}` +
            `${failed > 0 ? ` — ${plural(failed, 'file')} would be rejected` : ''}\n`,
        );
      }
      setExit(failed > 0 ? Exit.InputErrors : Exit.Ok);
    });
}

function printHuman(io: CliIO, v: FileVerdict, bytes: Uint8Array, display: (line: string) => string): void {
  const lines = sourceLines(bytes);
  for (const d of v.diagnostics) {
    const src = lines[d.line - 1];
    io.out(formatDiagnostic(v.path, d, src === undefined ? undefined : display(src)));
  }
  const c = countDiagnostics(v.diagnostics);
  io.out(
    `${v.path}: ${v.ok ? 'ok' : 'rejected'} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')})\n`,
  );
}
