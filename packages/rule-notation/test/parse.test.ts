import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  OPTION_NAMES,
  parseRuleFile,
  parseRuleFileBytes,
  printRuleSet,
  type RuleOption,
} from '../src/index.js';

const example = readFileSync(
  new URL('../../../examples/12345TE_rules_2022-06-01_1600.ruleimport', import.meta.url),
  'utf8',
);

function only(text: string) {
  const r = parseRuleFile(text);
  return { rules: r.value.rules, codes: r.diagnostics.map((d) => d.code), diagnostics: r.diagnostics };
}

describe('the manual example', () => {
  test('the five example rules of the repository validate without any diagnostic', () => {
    const r = parseRuleFile(example);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.rules).toHaveLength(5);
    expect(r.value.rules.map((x) => x.line)).toEqual([1, 2, 3, 4, 5]);
  });

  test('each example rule reads as the manual describes it', () => {
    const [r1, r2, r3, r4, r5] = parseRuleFile(example).value.rules;
    expect(r1).toMatchObject({
      from: { kind: 'address', address: 'support@company.com' },
      to: { kind: 'any' },
    });
    expect(r1!.options).toEqual([{ name: 'untouched' }]);
    expect(r2!.to).toEqual({ kind: 'group', name: 'lawyers' });
    expect(r2!.options.map((o) => o.name)).toEqual(['fe', 'fs', 'swm']);
    expect(r2!.options[1]).toEqual({ name: 'fs', key: 'support@company.com' });
    expect(r3).toMatchObject({
      from: { kind: 'any' },
      to: { kind: 'domain', domain: 'tax-consultants.com' },
    });
    expect(r4!.from).toEqual({ kind: 'group', name: 'developers' });
    const swm = r4!.options[0] as Extract<RuleOption, { name: 'swm' }>;
    expect(swm.password?.reveal()).toBe('PA$$WORT');
    expect(r5!.options).toEqual([
      { name: 'ss' },
      { name: 'se' },
      { name: 'comment', text: 'USE Mastercatcher' },
    ]);
  });

  test('the example rules never show the swm password in JSON or print', () => {
    const r = parseRuleFile(example);
    expect(JSON.stringify(r)).not.toContain('PA$$WORT');
    expect(printRuleSet(r.value)).not.toContain('PA$$WORT');
    expect(printRuleSet(r.value)).toContain('swm:••••••');
  });

  test("the manual PDF's 'software-company- external.org' is rejected with the joined domain as hint", () => {
    const r = only('group:developers;software-company- external.org;swm:PA$$WORT');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'RULE005',
        line: 1,
        column: 18,
        hint: expect.stringContaining('`software-company-external.org`'),
      }),
    ]);
    expect(JSON.stringify(r.diagnostics)).not.toContain('PA$$WORT');
  });
});

describe('all fourteen options', () => {
  const table: [string, RuleOption][] = [
    ['ss', { name: 'ss' }],
    ['fe', { name: 'fe' }],
    ['me', { name: 'me' }],
    ['fs', { name: 'fs' }],
    ['fs:Key@Company.com', { name: 'fs', key: 'key@company.com' }],
    ['fs: support@company.com', { name: 'fs', key: 'support@company.com' }],
    ['se', { name: 'se' }],
    ['notify', { name: 'notify' }],
    ['comment:USE Mastercatcher', { name: 'comment', text: 'USE Mastercatcher' }],
    ['comment: a: b, (c) <d> "e" #5 ', { name: 'comment', text: 'a: b, (c) <d> "e" #5' }],
    ['swm', { name: 'swm' }],
    ['untouched', { name: 'untouched' }],
    ['atk', { name: 'atk' }],
    ['pdf', { name: 'pdf' }],
    ['pgp', { name: 'pgp' }],
    ['smime', { name: 'smime' }],
    ['zip', { name: 'zip' }],
    ['SE', { name: 'se' }],
  ];
  test.each(table)('`%s` parses', (text, option) => {
    const r = only(`*;*;${text}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.rules[0]!.options).toEqual([option]);
  });

  test('swm with a password holds a Secret that reveals it (also with colons and spaces inside)', () => {
    const r = only('*;*;swm: p:a ss$ ');
    const o = r.rules[0]!.options[0] as Extract<RuleOption, { name: 'swm' }>;
    expect(o.password?.reveal()).toBe('p:a ss$');
    expect(String(o.password)).toBe('••••••');
  });

  test('every option name is covered by the table', () => {
    expect(new Set(table.map(([, o]) => o.name))).toEqual(new Set(OPTION_NAMES));
  });

  test('options come out in the canonical order, with their spans kept parallel', () => {
    const r = only('*;*;zip;comment:x;ss');
    expect(r.rules[0]!.options.map((o) => o.name)).toEqual(['ss', 'comment', 'zip']);
    expect(r.rules[0]!.loc!.options.map((s) => s.column)).toEqual([19, 9, 5]);
  });
});

describe('tolerance', () => {
  test('BOM, CRLF, blank lines, spacing around fields and a terminator are accepted', () => {
    const text = '\uFEFF  support@company.com ; * ; untouched \r\n\r\n   \r\n*;*; se ;ss\r\n#####\r\n\r\n';
    const r = parseRuleFile(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.rules.map((x) => x.line)).toEqual([1, 4]);
    expect(r.value.terminated).toBe(true);
  });

  test('lone CR line breaks are accepted', () => {
    expect(parseRuleFile('*;*;se\r*;a.com;fe\r').value.rules).toHaveLength(2);
  });

  test('`GROUP:` and upper-case addresses and option names are normalised', () => {
    const r = only('GROUP:Lawyers;Support@Company.COM;FS');
    expect(r.rules[0]).toMatchObject({
      from: { kind: 'group', name: 'Lawyers' },
      to: { kind: 'address', address: 'support@company.com' },
      options: [{ name: 'fs' }],
    });
  });

  test('the UTF-8 check of the bytes reports a Latin-1 line', () => {
    const bytes = new Uint8Array([...Buffer.from('*;*;comment:M'), 0xfc, ...Buffer.from('ller\n')]);
    expect(parseRuleFileBytes(bytes).diagnostics.map((d) => d.code)).toContain('TXT001');
  });

  test('an empty file is an empty rule set', () => {
    expect(parseRuleFile('')).toEqual({ value: { rules: [], terminated: false }, diagnostics: [] });
  });
});
