import { closeSync, openSync, readSync } from 'node:fs';
import { countDiagnostics, type Diagnostic, sortDiagnostics } from '@usesync/domain';
import { displayLine, parseUseImportStream, pickLines } from '@usesync/import-file';
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

/**
 * `usesync validate <file>… [--json]`: checks import and rule files without applying anything.
 * A `.useimport` is read as a stream (bounded memory for any size); a `.ruleimport` whole.
 */
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
        let diagnostics: readonly Diagnostic[];
        let lineOf: (n: number) => string | undefined;
        let display: (line: string) => string;
        if (kind.kind === 'useimport') {
          // Streamed: memory stays bounded whatever the size of the file (the parser keeps no lines,
          // diagnostics are capped), and source lines are read again only for the diagnostics shown.
          diagnostics = await streamCheck(path);
          const lines = opts.json
            ? new Map<number, string>()
            : await pickLines(openRead(path), new Set(diagnostics.map((d) => d.line)));
          lineOf = (n) => lines.get(n);
          display = displayLine;
        } else {
          let bytes: Uint8Array;
          try {
            bytes = await io.readFile(path);
          } catch (e) {
            throw new UsageError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
          }
          const checker = await kind.load();
          diagnostics = checker.check(bytes);
          const lines = opts.json ? [] : sourceLines(bytes);
          lineOf = (n) => lines[n - 1];
          display = checker.display;
        }
        const verdict = {
          path,
          kind: kind.kind,
          ok: countDiagnostics(diagnostics).errors === 0,
          diagnostics,
        };
        verdicts.push(verdict);
        if (!opts.json) printHuman(io, verdict, lineOf, display);
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

function printHuman(
  io: CliIO,
  v: FileVerdict,
  line: (n: number) => string | undefined,
  display: (line: string) => string,
): void {
  for (const d of v.diagnostics) {
    const src = line(d.line);
    io.out(formatDiagnostic(v.path, d, src === undefined ? undefined : display(src)));
  }
  const c = countDiagnostics(v.diagnostics);
  io.out(
    `${v.path}: ${v.ok ? 'ok' : 'rejected'} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')})\n`,
  );
}

/**
 * A file as chunks of at most 64 KiB, read synchronously into one reused buffer: memory stays
 * bounded and the parser never waits on the thread pool between chunks (the consumer copies what
 * it keeps). Closed when the iteration ends, also early.
 */
function* openRead(path: string): Generator<Uint8Array, void, undefined> {
  const fd = openSync(path, 'r');
  try {
    const buffer = new Uint8Array(1 << 16);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Checks a `.useimport` file through the streaming parser; all its diagnostics, sorted. */
async function streamCheck(path: string): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  try {
    for await (const ev of parseUseImportStream(openRead(path), { entries: false })) {
      for (const d of ev.diagnostics) diagnostics.push(d);
    }
  } catch (e) {
    throw new UsageError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return sortDiagnostics(diagnostics);
}
