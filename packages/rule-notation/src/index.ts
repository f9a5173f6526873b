// @usesync/rule-notation: parser, linter, evaluator, printer and diff for USE .ruleimport rule files.
export type {
  Endpoint,
  EndpointKind,
  OptionName,
  PlainOptionName,
  Rule,
  RuleLoc,
  RuleOption,
  RuleSet,
  Span,
} from './ast.js';
export { checkRuleFile, checkRuleFileBytes } from './check.js';
export type { RuleCode, RuleCodeName } from './diagnostics.js';
export { RULE_CODES, RULE_LIMITS } from './diagnostics.js';
export type { ReorderedPair, RuleSetDiff, UnchangedRule } from './diff.js';
export { canTie, diffRuleSets, ruleKey, sameRule } from './diff.js';
export { displayRuleLine } from './display.js';
export type { Evaluation, GroupsOf, Mail, RuleMatch } from './evaluate.js';
export { comparePrecedence, endpointMatches, evaluate, groupsOfMembers, SPECIFICITY } from './evaluate.js';
export { isValidGroupName } from './internal/endpoint.js';
export type { LintOptions } from './lint.js';
export { lintRuleSet } from './lint.js';
export type { OptionParam, OptionSpec } from './options.js';
export { describeOption, isOptionName, OPTION_NAMES, OPTION_SPECS } from './options.js';
export { parseRuleFile, parseRuleFileBytes } from './parse.js';
export { printEndpoint, printOption, printRule, printRuleSet, printRuleSetUnmasked } from './print.js';
