/** How bad a diagnostic is: an `error` stops the file, a `warning` is reported and the file goes on. */
export type Severity = 'error' | 'warning';

/**
 * One finding about user input. Bad input is data, not an exception: parsers return diagnostics,
 * every one with a stable `code` and a 1-based position. Messages never contain secrets.
 */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable machine-readable code, e.g. `USE012`; documented per package. */
  readonly code: string;
  /** Human-readable message, free of secrets. */
  readonly message: string;
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column number (in UTF-16 code units of the line, after a stripped BOM). */
  readonly column: number;
  /** Length of the offending text on the line (at least 1). */
  readonly length: number;
  /** Optional hint, e.g. a did-you-mean suggestion. */
  readonly hint?: string;
  /** Other lines involved (e.g. the earlier line a later one supersedes). */
  readonly related?: readonly number[];
}

/** The result of reading user input: a value (possibly partial) and every diagnostic in one pass. */
export interface Parsed<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** Builds a diagnostic; `length` defaults to 1 and is clamped to at least 1. */
export function diagnostic(
  severity: Severity,
  code: string,
  message: string,
  line: number,
  column: number,
  options: { length?: number; hint?: string; related?: readonly number[] } = {},
): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    severity,
    code,
    message,
    line: Math.max(1, line),
    column: Math.max(1, column),
    length: Math.max(1, options.length ?? 1),
  };
  if (options.hint !== undefined) d.hint = options.hint;
  if (options.related !== undefined) d.related = options.related;
  return d;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts diagnostics by line, then column, then code (stable, new array). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}

/** Counts errors and warnings. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
