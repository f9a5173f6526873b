import { describe, expect, test } from 'vitest';
import { checkRuleFile, lintRuleSet, parseRuleFile } from '../src/index.js';

function lint(text: string, options = {}) {
  return lintRuleSet(parseRuleFile(text).value, options).map((d) => `${d.line}:${d.code}`);
}

describe('lintRuleSet', () => {
  test.each([
    ['*;*;se\n*;*;se', ['2:RULE102']],
    ['*;*;se\n*;*;ss', ['2:RULE103']],
    ['*;*;swm:a\n*;*;swm:b', ['2:RULE103']],
    ['a@b.com;*;untouched;se', ['1:RULE104']],
    ['a@b.com;*;untouched;notify;comment:x', []],
    ['*;*;pgp;smime', ['1:RULE105']],
    ['*;*;fe;me', ['1:RULE106']],
    ['group:g;*;fs', ['1:RULE107']],
    ['*;*;fs', ['1:RULE107']],
    ['*;*;fs:key@company.com', []],
    ['a@company.com;*;fs', []],
    ['*;*;comment:only a note', ['1:RULE110']],
  ])('`%s` warns %j', (text, expected) => {
    expect(lint(text)).toEqual(expected);
  });

  test('unknown groups are warned about only when the known groups are given, with a did-you-mean', () => {
    const text = 'group:lawyer;*;se\ngroup:developers;group:x;se';
    expect(lint(text)).toEqual([]);
    const ds = lintRuleSet(parseRuleFile(text).value, { knownGroups: ['lawyers', 'developers'] });
    expect(ds.map((d) => `${d.line}:${d.column}:${d.code}`)).toEqual(['1:1:RULE109', '2:18:RULE109']);
    expect(ds[0]!.hint).toBe('did you mean `group:lawyers`?');
  });

  test('with known signing keys, fs/ss for a sender or key without one is warned about', () => {
    const text = 'a@company.com;*;ss\nb@company.com;*;fs\n*;*;fs:c@company.com\nk@company.com;*;ss';
    expect(lint(text, { signingKeys: ['K@company.com'] })).toEqual(['1:RULE108', '2:RULE108', '3:RULE108']);
  });

  test('all warnings are warnings, and the shadowed rule points at the earlier line', () => {
    const ds = lintRuleSet(parseRuleFile('*;*;se\n\n*;*;ss').value);
    expect(ds).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'RULE103', line: 3, column: 1, related: [1] }),
    ]);
  });

  test('the manual example has no warning at all', () => {
    const r = checkRuleFile(
      'support@company.com;*;untouched\nsupport@company.com;group:lawyers;fs: support@company.com;fe;swm\n*;tax-consultants.com;swm\ngroup:developers;software-company-external.org;swm:PA$$WORT\n*;*;se;ss;comment:USE Mastercatcher\n',
    );
    expect(r.diagnostics).toEqual([]);
  });

  test('checkRuleFile merges parse and lint findings in position order', () => {
    const r = checkRuleFile('*;*;se\n*;*;fx\n*;*;ss');
    expect(r.diagnostics.map((d) => `${d.line}:${d.code}`)).toEqual(['2:RULE001', '3:RULE103']);
  });
});
