import {
  type Diagnostic,
  decodeUtf8,
  diagnostic,
  type Parsed,
  sortDiagnostics,
  splitLines,
  stripBom,
} from '@usesync/domain';
import type { Rule, RuleSet } from './ast.js';
import { buildRuleLine } from './ast-builder.js';
import { RULE_CODES, RULE_LIMITS } from './diagnostics.js';
import { parseLine } from './parser.js';

/** The optional end-of-file line: five or more `#` alone on a line (surrounding spaces allowed). */
const TERMINATOR = /^#{5,}$/;

/**
 * Parses a `.ruleimport` file. Never throws: every problem of every line comes back as a
 * diagnostic in one pass, and `value` holds the rules of the lines without errors. Blank lines
 * are ignored; `#####` ends the file (anything but blank lines after it is an error).
 */
export function parseRuleFile(text: string): Parsed<RuleSet> {
  const all = parseAll(text);
  return { value: all.value, diagnostics: capDiagnostics(all.diagnostics, all.dropped) };
}

/** Diagnostics counted but not kept, past the cap (they would be cut anyway). */
export interface Dropped {
  count: number;
  error: boolean;
  firstLine: number;
}

/** A parse before the diagnostics cap is applied (see {@link capDiagnostics}). */
export interface UncappedParse extends Parsed<RuleSet> {
  readonly dropped: Dropped;
}

/** {@link parseRuleFile} before the diagnostics cap (for `checkRuleFile`, which adds the linter's). */
export function parseAll(text: string): UncappedParse {
  const rules: Rule[] = [];
  const kept: Diagnostic[] = [];
  const dropped: Dropped = { count: 0, error: false, firstLine: 0 };
  // Kept in line order up to the cap (a later line's findings would be cut anyway); the rest are
  // only counted, so memory stays bounded however many findings a file has.
  const diagnostics = {
    push(d: Diagnostic): void {
      if (kept.length < RULE_LIMITS.maxDiagnostics) {
        kept.push(d);
        return;
      }
      if (dropped.count++ === 0) dropped.firstLine = d.line;
      if (d.severity === 'error') dropped.error = true;
    },
    get length(): number {
      return kept.length;
    },
  };
  let terminatorLine: number | undefined;
  const lines = splitLines(stripBom(text));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const lineNumber = i + 1;
    if (terminatorLine !== undefined) {
      const c = RULE_CODES.afterTerminator;
      diagnostics.push(
        diagnostic(
          c.severity,
          c.code,
          `content after the \`#####\` terminator on line ${terminatorLine}`,
          lineNumber,
          line.indexOf(trimmed) + 1,
          {
            length: trimmed.length,
            related: [terminatorLine],
            hint: 'remove it, or move the terminator to the end',
          },
        ),
      );
      continue;
    }
    if (TERMINATOR.test(trimmed)) {
      terminatorLine = lineNumber;
      continue;
    }
    const limited = overLimits(line, lineNumber);
    if (limited !== undefined) {
      diagnostics.push(limited);
      continue;
    }
    const quiet = diagnostics.length >= RULE_LIMITS.maxDiagnostics;
    const built = buildRuleLine(parseLine(line), line, lineNumber, quiet);
    for (const d of built.diagnostics) diagnostics.push(d);
    if (built.rule !== undefined) rules.push(built.rule);
  }
  return { value: { rules, terminated: terminatorLine !== undefined }, diagnostics: kept, dropped };
}

/**
 * Parses a `.ruleimport` file given as bytes (the manual: uploads are UTF-8). Lines that are not
 * UTF-8 are reported (`TXT001`) with their line numbers, a BOM is stripped, then the text is
 * parsed as by {@link parseRuleFile}.
 */
export function parseRuleFileBytes(bytes: Uint8Array): Parsed<RuleSet> {
  const all = parseAllBytes(bytes);
  return { value: all.value, diagnostics: capDiagnostics(all.diagnostics, all.dropped) };
}

/** {@link parseRuleFileBytes} before the diagnostics cap. */
export function parseAllBytes(bytes: Uint8Array): UncappedParse {
  const decoded = decodeUtf8(bytes);
  const parsed = parseAll(decoded.text);
  return {
    value: parsed.value,
    diagnostics: [...decoded.diagnostics, ...parsed.diagnostics],
    dropped: parsed.dropped,
  };
}

/** RULE016 for a line over the length cap, RULE017 for one with too many fields; else undefined. */
function overLimits(line: string, lineNumber: number): Diagnostic | undefined {
  if (line.length > RULE_LIMITS.maxLineLength) {
    const c = RULE_CODES.lineTooLong;
    return diagnostic(
      c.severity,
      c.code,
      `line is ${line.length.toLocaleString('en')} characters long; at most ${RULE_LIMITS.maxLineLength.toLocaleString('en')} are read`,
      lineNumber,
      1,
    );
  }
  let semis = 0;
  for (let i = line.indexOf(';'); i >= 0; i = line.indexOf(';', i + 1)) {
    if (++semis >= RULE_LIMITS.maxFields) {
      const c = RULE_CODES.tooManyFields;
      return diagnostic(
        c.severity,
        c.code,
        `line has more than ${RULE_LIMITS.maxFields} fields; it is not read`,
        lineNumber,
        i + 1,
      );
    }
  }
  return undefined;
}

/**
 * Sorts diagnostics by position and keeps the first `RULE_LIMITS.maxDiagnostics`; the rest, and
 * those already `dropped` while parsing, are counted in one RULE018 (an error when an error is
 * among them, else a warning).
 */
export function capDiagnostics(
  diagnostics: readonly Diagnostic[],
  dropped: Dropped = { count: 0, error: false, firstLine: 0 },
): Diagnostic[] {
  const sorted = sortDiagnostics(diagnostics);
  const max = RULE_LIMITS.maxDiagnostics;
  if (sorted.length <= max && dropped.count === 0) return sorted;
  const rest = sorted.slice(max);
  const count = rest.length + dropped.count;
  const withError = dropped.error || rest.some((d) => d.severity === 'error');
  const first = rest[0]?.line ?? dropped.firstLine;
  const c = RULE_CODES.tooManyDiagnostics;
  return [
    ...sorted.slice(0, max),
    diagnostic(
      withError ? 'error' : 'warning',
      c.code,
      `${count.toLocaleString('en')} more ${withError ? 'findings (errors among them)' : 'warnings'} not shown: only the first ${max.toLocaleString('en')} of a file are reported`,
      dropped.count > 0 ? Math.min(first, dropped.firstLine) : first,
      1,
      { hint: 'correct the findings shown and check the file again' },
    ),
  ];
}
