import { type Diagnostic, type Parsed, sortDiagnostics } from '@usesync/domain';
import type { UseImportEntry, UseImportFile } from './ast.js';
import { FileChecker } from './checker.js';
import { Limits } from './diagnostics.js';
import { LineReader } from './internal/line-reader.js';

/** Runs a whole input through the line reader and the checker (the one path of every entry point). */
function parseWith(feed: (reader: LineReader) => void): Parsed<UseImportFile> {
  const checker = new FileChecker();
  const entries: UseImportEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const reader = new LineReader((text, bad, overlong) => {
    const r = checker.push(text, bad, overlong);
    if (r.entry) entries.push(r.entry);
    for (const d of r.diagnostics) diagnostics.push(d);
  }, Limits.maxLineLength);
  feed(reader);
  reader.end();
  const end = checker.finish();
  for (const d of end.diagnostics) diagnostics.push(d);
  return { value: { entries, ...end.summary }, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * Parses and checks a `.useimport` file given as text. Never throws on bad input: every problem
 * of the file is a diagnostic, in one pass (at most `Limits.maxDiagnostics`, then one USE022).
 * Linear in the length of the text. A file with any `error` must not be applied.
 *
 * @example
 * const { value, diagnostics } = parseUseImport('smime-state:a@b.com;name:A B;teamcert:0;keystate:1\n#####\n');
 */
export function parseUseImport(text: string): Parsed<UseImportFile> {
  return parseWith((reader) => reader.pushText(text));
}

/**
 * Parses a `.useimport` file given as bytes: lines that are not UTF-8 are reported (`TXT001`, at
 * the first bad byte; a real U+FFFD in valid UTF-8 is text like any other), leading BOMs are
 * stripped, then the lines are parsed as by {@link parseUseImport}. Gives exactly what
 * {@link parseUseImportStream} gives for the same bytes.
 */
export function parseUseImportBytes(bytes: Uint8Array): Parsed<UseImportFile> {
  return parseWith((reader) => reader.pushBytes(bytes));
}
