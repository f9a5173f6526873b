import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  displayRuleLine,
  parseRuleFile,
  printRule,
  printRuleSet,
  printRuleSetUnmasked,
} from '../src/index.js';
import { plain, ruleishText, ruleSet } from './arbitraries.js';

const SEED = { seed: 20260601, numRuns: 300 };

describe('printRuleSet', () => {
  test('prints the manual example canonically, masked, in the manual option order', () => {
    const text =
      'support@company.com;group:lawyers;fs: support@company.com;fe;swm\n' +
      'group:developers;Software-Company-External.org;swm:PA$$WORT\n' +
      '*;*;se;ss;comment:USE Mastercatcher\n#####\n';
    expect(printRuleSet(parseRuleFile(text).value)).toBe(
      'support@company.com;group:lawyers;fe;fs:support@company.com;swm\n' +
        'group:developers;software-company-external.org;swm:••••••\n' +
        '*;*;ss;se;comment:USE Mastercatcher\n#####\n',
    );
  });

  test('the unmasked print is for the gateway only and holds the password', () => {
    const set = parseRuleFile('group:developers;x.org;swm:PA$$WORT').value;
    expect(printRuleSetUnmasked(set)).toBe('group:developers;x.org;swm:PA$$WORT\n');
    expect(printRule(set.rules[0]!)).toBe('group:developers;x.org;swm:••••••');
  });

  test('a masked print cannot be uploaded: the mask is rejected as a password', () => {
    const masked = printRuleSet(parseRuleFile('*;*;swm:secret').value);
    expect(parseRuleFile(masked).diagnostics.map((d) => d.code)).toEqual(['RULE013']);
  });

  test('an empty rule set prints as the empty string', () => {
    expect(printRuleSet({ rules: [], terminated: false })).toBe('');
  });

  test('a hand-built password with a `;` cannot be printed, and the error does not show it', async () => {
    const { Secret } = await import('@usesync/domain');
    const set = {
      rules: [
        {
          line: 1,
          from: { kind: 'any' as const },
          to: { kind: 'any' as const },
          options: [{ name: 'swm' as const, password: new Secret('a;b') }],
        },
      ],
      terminated: false,
    };
    expect(() => printRuleSetUnmasked(set)).toThrow(/Cannot print rule option/);
    expect(() => printRuleSetUnmasked(set)).not.toThrow(/a;b/);
  });
});

describe('properties', () => {
  test('parse(printUnmasked(ast)) gives back the AST (minus source positions)', () => {
    fc.assert(
      fc.property(ruleSet, (set) => {
        const back = parseRuleFile(printRuleSetUnmasked(set));
        expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(back.value.terminated).toBe(set.terminated);
        expect(back.value.rules.map(plain)).toEqual(set.rules.map(plain));
      }),
      SEED,
    );
  });

  test('parse(print(ast)) gives back the AST with passwords masked', () => {
    fc.assert(
      fc.property(ruleSet, (set) => {
        const back = parseRuleFile(printRuleSet(set));
        const hasPassword = set.rules.filter((r) => r.options.some((o) => o.name === 'swm' && o.password));
        expect(back.diagnostics.map((d) => d.code)).toEqual(hasPassword.map(() => 'RULE013'));
      }),
      SEED,
    );
  });

  test('the parser never throws, never hits a syntax error, and reports positions from 1', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), ruleishText), (text) => {
        const r = parseRuleFile(text);
        for (const d of r.diagnostics) {
          expect(d.code).not.toBe('RULE015'); // the line grammar is total
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { seed: 7, numRuns: 1000 },
    );
  });

  test('print(parse(x)) is stable: printing the reparsed print changes nothing', () => {
    fc.assert(
      fc.property(ruleishText, (text) => {
        const once = printRuleSetUnmasked(parseRuleFile(text).value);
        const again = parseRuleFile(once);
        expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(printRuleSetUnmasked(again.value)).toBe(once);
        expect(printRuleSet(again.value)).toBe(printRuleSet(parseRuleFile(text).value));
      }),
      { seed: 11, numRuns: 1000 },
    );
  });
});

describe('displayRuleLine', () => {
  test.each([
    ['group:developers;x.org;swm:PA$$WORT', 'group:developers;x.org;swm:••••••'],
    ['*;*;se; swm : PA$$WORT ;ss', '*;*;se; swm:••••••;ss'],
    ['*;*;swm;PA$$WORT', '*;*;swm;••••••'],
    ['*;*;swm PA$$WORT', '*;*;swm:••••••'],
    ['*;*;swm;se', '*;*;swm;se'],
    ['*;*;comment:swm:x', '*;*;comment:swm:x'],
    ['*;x.com;fe swm:geheim', '*;x.com;fe swm:••••••'],
    ['*;x.com;fe swm geheim;ss', '*;x.com;fe swm:••••••;ss'],
  ])('`%s` shows as `%s`', (line, shown) => {
    expect(displayRuleLine(line)).toBe(shown);
  });
});
