import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { evaluate, groupsOfMembers, parseRuleFile, type RuleSet } from '../src/index.js';

const example = parseRuleFile(
  readFileSync(
    new URL('../../../examples/12345TE_rules_2022-06-01_1600.ruleimport', import.meta.url),
    'utf8',
  ),
).value;

const groupsOf = groupsOfMembers([
  { group: 'lawyers', member: 'anna@lawfirm.de' },
  { group: 'lawyers', member: 'bob@tax-consultants.com' },
  { group: 'developers', member: 'dev@company.com' },
  { group: 'developers', member: 'support@company.com' },
]);

describe('the manual precedence cases', () => {
  test.each([
    ['support@company.com', 'anna@lawfirm.de', 2, [1, 5]],
    ['someone@company.com', 'x@tax-consultants.com', 3, [5]],
    ['support@company.com', 'x@tax-consultants.com', 3, [1, 5]],
    ['dev@company.com', 'y@software-company-external.org', 4, [5]],
    ['someone@company.com', 'z@elsewhere.net', 5, []],
    ['support@company.com', 'z@elsewhere.net', 1, [5]],
    ['support@company.com', 'bob@tax-consultants.com', 2, [3, 1, 5]],
  ])('%s → %s gets rule %i (losers %j)', (from, to, line, losers) => {
    const e = evaluate(example, { from, to }, groupsOf);
    expect(e.matched?.rule.line).toBe(line);
    expect(e.candidates.map((c) => c.rule.line)).toEqual(losers);
  });

  test('a lawyer gets rule 2, and rule 1 lost because its recipient `*` is less specific', () => {
    const e = evaluate(example, { from: 'support@company.com', to: 'anna@lawfirm.de' }, groupsOf);
    expect(e.matched!.reason).toContain('`group:lawyers` (group)');
    expect(e.candidates[0]!.reason).toBe(
      'lost to line 2: recipient `group:lawyers` (group) is more specific than `*` (anyone)',
    );
  });

  test('with no rule matching, matched is null', () => {
    const only = parseRuleFile('a@b.com;*;se').value;
    expect(evaluate(only, { from: 'c@d.com', to: 'e@f.com' })).toEqual({ matched: null, candidates: [] });
  });
});

describe('the precedence order', () => {
  // Every pair of from/to kinds, all matching sender s@a.com (group g, domain a.com) to r@b.com (group h, domain b.com).
  const rules = [
    '*;*;se', // line 1: (any, any)
    'a.com;*;se', // 2: (domain, any)
    'group:g;*;se', // 3: (group, any)
    's@a.com;*;se', // 4: (address, any)
    '*;b.com;se', // 5: (any, domain)
    's@a.com;b.com;se', // 6: (address, domain)
    '*;group:h;se', // 7: (any, group)
    'a.com;group:h;se', // 8: (domain, group)
    '*;r@b.com;se', // 9: (any, address)
    'group:g;r@b.com;se', // 10: (group, address)
  ];
  const set = parseRuleFile(rules.join('\n')).value;
  const groups = groupsOfMembers([
    { group: 'g', member: 's@a.com' },
    { group: 'h', member: 'b.com' },
  ]);

  test('the recipient side decides first, then the sender side: address > group > domain > *', () => {
    const e = evaluate(set, { from: 's@a.com', to: 'r@b.com' }, groups);
    expect([e.matched!.rule.line, ...e.candidates.map((c) => c.rule.line)]).toEqual([
      10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
    ]);
  });

  test.each([
    // remove the winners one by one: the next in the order takes over
    [[10], 9],
    [[10, 9], 8],
    [[10, 9, 8, 7], 6],
    [[10, 9, 8, 7, 6, 5], 4],
    [[10, 9, 8, 7, 6, 5, 4], 3],
    [[10, 9, 8, 7, 6, 5, 4, 3], 2],
  ])('without lines %j, line %i applies', (without, line) => {
    const rest: RuleSet = { ...set, rules: set.rules.filter((r) => !without.includes(r.line)) };
    expect(evaluate(rest, { from: 's@a.com', to: 'r@b.com' }, groups).matched!.rule.line).toBe(line);
  });

  test('a tie on both sides goes to the earlier line, and the loser says so', () => {
    const tie = parseRuleFile('group:g;*;se\ngroup:k;*;fe').value;
    const both = () => ['g', 'k'];
    const e = evaluate(tie, { from: 'x@a.com', to: 'y@b.com' }, both);
    expect(e.matched!.rule.line).toBe(1);
    expect(e.candidates[0]!.reason).toContain('the earlier line wins');
  });

  test('a domain matches its addresses only, not subdomains', () => {
    const d = parseRuleFile('*;b.com;se').value;
    expect(evaluate(d, { from: 'x@a.com', to: 'R@B.COM' }).matched?.rule.line).toBe(1);
    expect(evaluate(d, { from: 'x@a.com', to: 'r@sub.b.com' }).matched).toBeNull();
  });
});

describe('groupsOfMembers', () => {
  test('an address is in the groups listing it or its domain, case-insensitively, sorted', () => {
    const g = groupsOfMembers([
      { group: 'untouched', member: 'Domain-A.com' },
      { group: 'b', member: 'x@domain-a.com' },
      { group: 'a', member: 'X@domain-a.com' },
    ]);
    expect(g('x@DOMAIN-A.com')).toEqual(['a', 'b', 'untouched']);
    expect(g('y@domain-a.com')).toEqual(['untouched']);
    expect(g('y@other.com')).toEqual([]);
  });
});
