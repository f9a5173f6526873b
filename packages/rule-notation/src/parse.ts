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
import { RULE_CODES } from './diagnostics.js';
import { parseLine } from './parser.js';

/** The optional end-of-file line: five or more `#` alone on a line (surrounding spaces allowed). */
const TERMINATOR = /^#{5,}$/;

/**
 * Parses a `.ruleimport` file. Never throws: every problem of every line comes back as a
 * diagnostic in one pass, and `value` holds the rules of the lines without errors. Blank lines
 * are ignored; `#####` ends the file (anything but blank lines after it is an error).
 */
export function parseRuleFile(text: string): Parsed<RuleSet> {
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
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
    const built = buildRuleLine(parseLine(line), line, lineNumber);
    for (const d of built.diagnostics) diagnostics.push(d);
    if (built.rule !== undefined) rules.push(built.rule);
  }
  return { value: { rules, terminated: terminatorLine !== undefined }, diagnostics };
}

/**
 * Parses a `.ruleimport` file given as bytes (the manual: uploads are UTF-8). Lines that are not
 * UTF-8 are reported (`TXT001`) with their line numbers, a BOM is stripped, then the text is
 * parsed as by {@link parseRuleFile}.
 */
export function parseRuleFileBytes(bytes: Uint8Array): Parsed<RuleSet> {
  const decoded = decodeUtf8(bytes);
  const parsed = parseRuleFile(decoded.text);
  if (decoded.diagnostics.length === 0) return parsed;
  return {
    value: parsed.value,
    diagnostics: sortDiagnostics([...decoded.diagnostics, ...parsed.diagnostics]),
  };
}
