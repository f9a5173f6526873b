import { type Parsed, sortDiagnostics } from '@usesync/domain';
import type { RuleSet } from './ast.js';
import { type LintOptions, lintRuleSet } from './lint.js';
import { parseRuleFile, parseRuleFileBytes } from './parse.js';

/**
 * Parses and lints a `.ruleimport` file in one call (what `usesync validate` runs): the parse
 * errors and warnings plus the linter's warnings on the rules that parsed, sorted by position.
 */
export function checkRuleFile(text: string, options: LintOptions = {}): Parsed<RuleSet> {
  return withLint(parseRuleFile(text), options);
}

/** {@link checkRuleFile} for the bytes of an upload (UTF-8 is checked first, see `parseRuleFileBytes`). */
export function checkRuleFileBytes(bytes: Uint8Array, options: LintOptions = {}): Parsed<RuleSet> {
  return withLint(parseRuleFileBytes(bytes), options);
}

function withLint(parsed: Parsed<RuleSet>, options: LintOptions): Parsed<RuleSet> {
  return {
    value: parsed.value,
    diagnostics: sortDiagnostics([...parsed.diagnostics, ...lintRuleSet(parsed.value, options)]),
  };
}
