import { diffRuleSets, printRule, type RuleSet } from '@usesync/rule-notation';
import type { PlanInput } from '../input.js';
import type { PlanBuilder } from './builder.js';

const EMPTY: RuleSet = { rules: [], terminated: true };

/** Plans the rule-set section (manual step 3.4): target vs live through the rule-notation diff. */
export function planRules(input: PlanInput, b: PlanBuilder): void {
  const target = input.ruleImport;
  if (!target) return;
  const diff = diffRuleSets(input.liveRules ?? EMPTY, target);
  const moved = new Set(diff.reordered.map((p) => p.first));
  const added = new Set(diff.added);
  for (const rule of target.rules) {
    const text = printRule(rule);
    if (added.has(rule) || moved.has(rule)) {
      const reason = added.has(rule)
        ? 'not in the live rule set'
        : 'order changed against a rule it ties with';
      const action = b.add('rules', {
        kind: 'rule-add',
        id: `rule-add:${rule.line}`,
        line: rule.line,
        reason,
        rule: text,
      });
      b.verdict('ruleimport', rule.line, '(+)', 'rule', text, reason, [action]);
    } else {
      b.verdict('ruleimport', rule.line, '(%)', 'rule', text, 'unchanged');
    }
  }
  diff.removed.forEach((rule, i) => {
    b.add('rules', {
      kind: 'rule-remove',
      id: `rule-remove:${i + 1}`,
      reason: 'not in the target rule set',
      rule: printRule(rule),
    });
  });
}
