import { describe, expect, test } from 'vitest';
import { parseRuleFile, RULE_CODES } from '../src/index.js';

const table: [string, string, number, string | undefined][] = [
  // line, expected code, column, hint fragment
  ['*;*;fx', 'RULE001', 5, '`fe` or `fs`'],
  ['*;*;notfy', 'RULE001', 5, '`notify`'],
  ['support@company.com', 'RULE002', 20, undefined],
  ['*;;se', 'RULE002', 3, undefined],
  ['*;*', 'RULE003', 4, undefined],
  ['group:;*;se', 'RULE004', 1, undefined],
  ['*;group: ;se', 'RULE004', 3, undefined],
  ['not an address;*;se', 'RULE005', 1, undefined],
  ['*;company;se', 'RULE005', 3, undefined],
  ['*;a@b;se', 'RULE005', 3, undefined],
  ['grup:lawyers;*;se', 'RULE005', 1, '`group:`'],
  ['group:law yers;*;se', 'RULE005', 1, '`group:lawyers`'],
  ['a@company.com;se', 'RULE005', 15, 'is the `to` field missing?'],
  ['*;*;se;ss;se', 'RULE006', 11, undefined],
  ['*;*;se:1', 'RULE007', 7, 'write `se` alone'],
  ['*;*;fs:not-an-address', 'RULE009', 8, undefined],
  ['*;*;fs:john doe@company.com', 'RULE009', 8, '`fs:johndoe@company.com`'],
  ['*;*;comment', 'RULE010', 5, 'comment:<text>'],
  ['*;*;comment:  ', 'RULE010', 5, undefined],
  ['*;*;swm:', 'RULE010', 5, undefined],
  ['*;*;fs:', 'RULE010', 5, undefined],
  ['*;*;se\u0007', 'RULE011', 7, undefined],
  [';*;se', 'RULE012', 1, undefined],
  ['*;*;swm:••••••', 'RULE013', 9, undefined],
  ['*;*;:x', 'RULE014', 5, undefined],
];

describe('parse errors', () => {
  test.each(table)('`%s` gives %s at column %i', (line, code, column, hint) => {
    const r = parseRuleFile(line);
    const d = r.diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(r.diagnostics)).toMatchObject({ severity: 'error', line: 1, column });
    if (hint !== undefined) expect(d!.hint).toContain(hint);
    expect(r.value.rules).toEqual([]);
  });

  test('content after the terminator is an error on each such line, pointing at the terminator', () => {
    const r = parseRuleFile('*;*;se\n#####\n\nx;y;z\n*;*;ss\n');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.related])).toEqual([
      ['RULE008', 4, [2]],
      ['RULE008', 5, [2]],
    ]);
    expect(r.value.rules).toHaveLength(1);
  });

  test('every error of a bad file is reported with its line in one pass', () => {
    const text = [
      '*;*;fx',
      'support@company.com',
      '*;*',
      'group:;*;se',
      '*;*;se;se',
      '*;*;pgp:1',
      '*;*;ss',
    ].join('\n');
    const r = parseRuleFile(text);
    expect(r.diagnostics.map((d) => `${d.line}:${d.code}`)).toEqual([
      '1:RULE001',
      '2:RULE002',
      '3:RULE003',
      '4:RULE004',
      '5:RULE006',
      '6:RULE007',
    ]);
    expect(r.value.rules.map((x) => x.line)).toEqual([7]);
  });

  test('several errors on one line are all reported', () => {
    const r = parseRuleFile('grp:x;bad;fx;se:1');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['RULE005', 'RULE005', 'RULE001', 'RULE007']);
  });

  test('a stray `;` is a warning, not an error', () => {
    const r = parseRuleFile('*;*;se;;ss;');
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['RULE101', 'warning'],
      ['RULE101', 'warning'],
    ]);
    expect(r.value.rules).toHaveLength(1);
  });

  test('every parse code in the table exists in RULE_CODES with severity error', () => {
    const codes = Object.values(RULE_CODES);
    for (const [, code] of table) expect(codes.find((c) => c.code === code)?.severity).toBe('error');
  });
});

describe('secrets in diagnostics', () => {
  const lines = [
    '*;*;swm;PA$$WORT',
    '*;*;swm PA$$WORT',
    '*;*;swm;letmein',
    '*;*;se swm:PA$$WORT',
    'group:dev swm:PA$$WORT;*;se',
    'a.com swm:PA$$WORT;*;se',
    '*;x.com swm:PA$$WORT',
    '*;*;fs:PA$$WORT',
    '*;*;swm:PA$$WORT;swm:PA$$WORT',
    '*;*;swm:PA$$WORT;untouched:PA$$WORT',
    '*;*;PA$$WORT',
  ];
  test.each(lines)('no message or hint for `%s` contains the password', (line) => {
    const r = parseRuleFile(line);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    const shown = JSON.stringify(r.diagnostics);
    expect(shown).not.toContain('PA$$WORT');
    expect(shown).not.toContain('letmein');
  });
});

describe('documentation', () => {
  test('the README lists every code of RULE_CODES', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const c of Object.values(RULE_CODES))
      expect(readme).toMatch(new RegExp(`\\| ${c.code} +\\| ${c.severity} +\\|`));
  });
});
