import { type Diagnostic, decodeUtf8, type Parsed, sortDiagnostics, splitLines } from '@usesync/domain';
import type { UseImportEntry, UseImportFile } from './ast.js';
import { FileChecker } from './checker.js';

/**
 * Parses and checks a `.useimport` file given as text. Never throws on bad input: every problem
 * of the file is a diagnostic, in one pass. A file with any `error` must not be applied.
 *
 * @example
 * const { value, diagnostics } = parseUseImport('smime-state:a@b.com;name:A B;teamcert:0;keystate:1\n#####\n');
 */
export function parseUseImport(text: string): Parsed<UseImportFile> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const checker = new FileChecker();
  const entries: UseImportEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const line of splitLines(body)) {
    const r = checker.push(line);
    if (r.entry) entries.push(r.entry);
    for (const d of r.diagnostics) diagnostics.push(d);
  }
  const end = checker.finish();
  for (const d of end.diagnostics) diagnostics.push(d);
  return { value: { entries, ...end.summary }, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * Parses a `.useimport` file given as bytes: checks UTF-8 first (non-UTF-8 lines are reported
 * with their line numbers, e.g. a Latin-1 export), strips a BOM, then parses.
 */
export function parseUseImportBytes(bytes: Uint8Array): Parsed<UseImportFile> {
  const decoded = decodeUtf8(bytes);
  const parsed = parseUseImport(decoded.text);
  if (decoded.diagnostics.length === 0) return parsed;
  return {
    value: parsed.value,
    diagnostics: sortDiagnostics([...decoded.diagnostics, ...parsed.diagnostics]),
  };
}
