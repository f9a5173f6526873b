import { type Parsed, sortDiagnostics } from '@usesync/domain';
import type { RuleSet } from './ast.js';
import { type LintOptions, lintRuleSet } from './lint.js';
import { parseRuleFile } from './parse.js';

/**
 * Parses and lints a `.ruleimport` file in one call (what `usesync validate` runs): the parse
 * errors and warnings plus the linter's warnings on the rules that parsed, sorted by position.
 */
export function checkRuleFile(text: string, options: LintOptions = {}): Parsed<RuleSet> {
  const parsed = parseRuleFile(text);
  return {
    value: parsed.value,
    diagnostics: sortDiagnostics([...parsed.diagnostics, ...lintRuleSet(parsed.value, options)]),
  };
}
