import { describe, expect, test } from 'vitest';
import { checkRuleFile, displayRuleLine, parseRuleFile, RULE_LIMITS } from '../src/index.js';

const codes = (text: string) => parseRuleFile(text).diagnostics.map((d) => `${d.line}:${d.code}`);

describe('pathological input', () => {
  test('a 1 MB line of `;` is one RULE016 error', () => {
    expect(codes(';'.repeat(1_000_000))).toEqual(['1:RULE016']);
  });

  test('a line with more fields than the cap is one RULE017 error', () => {
    expect(codes(`*;*${';se'.repeat(RULE_LIMITS.maxFields)}`)).toEqual(['1:RULE017']);
  });

  test('findings stop at the cap; one RULE018 counts the rest, also with the linter', () => {
    const text = Array.from({ length: 1_500 }, (_, i) => `bogus${i}`).join('\n');
    const r = parseRuleFile(text);
    expect(r.diagnostics).toHaveLength(RULE_LIMITS.maxDiagnostics + 1);
    expect(r.diagnostics.at(-1)).toMatchObject({ code: 'RULE018', severity: 'error' });
    const dupes = Array.from({ length: 1_200 }, () => '*;*;se').join('\n');
    const c = checkRuleFile(dupes);
    expect(c.diagnostics).toHaveLength(RULE_LIMITS.maxDiagnostics + 1);
    expect(c.diagnostics.at(-1)).toMatchObject({ code: 'RULE018', severity: 'warning' });
    expect(c.diagnostics.at(-1)!.message).toContain('199 more');
  });
});

describe('internationalised domains', () => {
  test('Unicode and punycode endpoints are the same', () => {
    const r = parseRuleFile('anna@bücher.de;Bücher.CH;se\nanna@xn--bcher-kva.de;xn--bcher-kva.ch;se');
    expect(r.value.rules.map((x) => [x.from, x.to])).toEqual([
      [
        { kind: 'address', address: 'anna@xn--bcher-kva.de' },
        { kind: 'domain', domain: 'xn--bcher-kva.ch' },
      ],
      [
        { kind: 'address', address: 'anna@xn--bcher-kva.de' },
        { kind: 'domain', domain: 'xn--bcher-kva.ch' },
      ],
    ]);
  });
});

describe('secrets in broken rule options', () => {
  const pw = 'Zq7!x-Hunter42';
  test.each([
    [`*;*;swm=${pw}`, '*;*;swm=••••••'],
    [`*;*;swm-${pw}`, '*;*;swm-••••••'],
    [`*;*;swm_${pw}`, '*;*;swm_••••••'],
    [`*;*;SWM${pw}`, '*;*;SWM••••••'],
    [`*;*;fs:${pw}`, '*;*;fs:••••••'],
    [`*;*;fs ${pw}`, '*;*;fs:••••••'],
    [`*;*;se:${pw}`, '*;*;se:••••••'],
    [`*;*;${pw}`, '*;*;••••••'],
    [`*;swm=${pw}`, '*;swm=••••••'],
  ])('`%s` shows as `%s` and no diagnostic quotes the secret', (line, shown) => {
    expect(displayRuleLine(line)).toBe(shown);
    const r = checkRuleFile(line);
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(JSON.stringify(r.diagnostics)).not.toContain('Hunter');
  });

  test('valid options and typos that are plain words are shown as written', () => {
    for (const l of [
      '*;*;fs:key@company.com;se',
      '*;*;comment:hello: world',
      '*;*;fx',
      'a.com;fs.example.com;se',
    ])
      expect(displayRuleLine(l)).toBe(l);
  });
});
