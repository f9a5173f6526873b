import { type Diagnostic, diagnostic, type Parsed } from '@usesync/domain';
import type { Rule, RuleSet } from './ast.js';
import { buildRuleLine } from './ast-builder.js';
import { RULE_CODES } from './diagnostics.js';
import { parseLine } from './parser.js';

/** The optional end-of-file line: five or more `#` alone on a line (surrounding spaces allowed). */
const TERMINATOR = /^#{5,}$/;

/**
 * Splits a file into lines: strips a UTF-8 byte-order mark and accepts LF, CRLF and lone CR
 * line breaks. Columns are then counted from the start of each line, after the BOM.
 */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.split(/\r\n|\r|\n/);
}

/**
 * Parses a `.ruleimport` file. Never throws: every problem of every line comes back as a
 * diagnostic in one pass, and `value` holds the rules of the lines without errors. Blank lines
 * are ignored; `#####` ends the file (anything but blank lines after it is an error).
 */
export function parseRuleFile(text: string): Parsed<RuleSet> {
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
  let terminatorLine: number | undefined;
  const lines = splitLines(text);
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
    diagnostics.push(...built.diagnostics);
    if (built.rule !== undefined) rules.push(built.rule);
  }
  return { value: { rules, terminated: terminatorLine !== undefined }, diagnostics };
}
