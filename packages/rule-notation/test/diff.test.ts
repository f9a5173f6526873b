import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { diffRuleSets, parseRuleFile, printRule, type RuleSet, ruleKey } from '../src/index.js';
import { ruleSet } from './arbitraries.js';

const parse = (text: string): RuleSet => parseRuleFile(text).value;
const lines = (rules: readonly { line: number }[]) => rules.map((r) => r.line);

describe('diffRuleSets', () => {
  test('reports added, removed and unchanged rules, ignoring order, spacing and option order', () => {
    const live = parse('*;*;se;ss\na@b.com;*;untouched\ngroup:g;x.com;fe');
    const target = parse('group:g;x.com;fe;notify\n A@B.com ; * ; untouched\n*;*;ss;se');
    const d = diffRuleSets(live, target);
    expect(d.added.map(printRule)).toEqual(['group:g;x.com;fe;notify']);
    expect(d.removed.map(printRule)).toEqual(['group:g;x.com;fe']);
    expect(d.unchanged.map((u) => [u.live.line, u.target.line])).toEqual([
      [2, 2],
      [1, 3],
    ]);
    expect(d.reordered).toEqual([]);
  });

  test('a changed swm password is a removal plus an addition, and the key never shows it', () => {
    const d = diffRuleSets(parse('*;x.com;swm:old-pw'), parse('*;x.com;swm:new-pw'));
    expect(lines(d.added)).toEqual([1]);
    expect(lines(d.removed)).toEqual([1]);
    expect(ruleKey(d.added[0]!)).toBe('*;x.com;swm:••••••');
    expect(JSON.stringify(d)).not.toMatch(/old-pw|new-pw/);
  });

  test('duplicates are matched one to one', () => {
    const d = diffRuleSets(parse('*;*;se\n*;*;se'), parse('*;*;se'));
    expect(d.unchanged).toHaveLength(1);
    expect(lines(d.removed)).toEqual([2]);
  });

  test('a swapped pair of rules that can tie is reported as reordered; other swaps are not', () => {
    const live = parse('group:a;*;se\ngroup:b;*;fe\nx.com;*;ss\ny.com;*;zip');
    const target = parse('group:b;*;fe\ngroup:a;*;se\ny.com;*;zip\nx.com;*;ss');
    const d = diffRuleSets(live, target);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.reordered.map((p) => [printRule(p.first), printRule(p.second)])).toEqual([
      ['group:b;*;fe', 'group:a;*;se'],
    ]);
  });

  test('a rule set diffed against itself, in any order, has only unchanged rules', () => {
    fc.assert(
      fc.property(ruleSet, (set) => {
        const reversed: RuleSet = { ...set, rules: [...set.rules].reverse() };
        const d = diffRuleSets(set, reversed);
        expect(d.added).toEqual([]);
        expect(d.removed).toEqual([]);
        expect(d.unchanged).toHaveLength(set.rules.length);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  test('the diff does not change its inputs', () => {
    const live = parse('*;*;se\na@b.com;*;fe');
    const target = parse('*;*;ss');
    const before = JSON.stringify([live, target]);
    diffRuleSets(live, target);
    expect(JSON.stringify([live, target])).toBe(before);
  });
});
