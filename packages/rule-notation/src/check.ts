import type { Parsed } from '@usesync/domain';
import type { RuleSet } from './ast.js';
import { type LintOptions, lintRuleSet } from './lint.js';
import { capDiagnostics, parseAll, parseAllBytes, type UncappedParse } from './parse.js';

/**
 * Parses and lints a `.ruleimport` file in one call (what `usesync validate` runs): the parse
 * errors and warnings plus the linter's warnings on the rules that parsed, sorted by position
 * (at most `RULE_LIMITS.maxDiagnostics`, then one RULE018).
 */
export function checkRuleFile(text: string, options: LintOptions = {}): Parsed<RuleSet> {
  return withLint(parseAll(text), options);
}

/** {@link checkRuleFile} for the bytes of an upload (UTF-8 is checked first, see `parseRuleFileBytes`). */
export function checkRuleFileBytes(bytes: Uint8Array, options: LintOptions = {}): Parsed<RuleSet> {
  return withLint(parseAllBytes(bytes), options);
}

function withLint(parsed: UncappedParse, options: LintOptions): Parsed<RuleSet> {
  return {
    value: parsed.value,
    diagnostics: capDiagnostics(
      [...parsed.diagnostics, ...lintRuleSet(parsed.value, options)],
      parsed.dropped,
    ),
  };
}
