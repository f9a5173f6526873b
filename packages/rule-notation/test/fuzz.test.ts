import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mutatedFiles } from '../../domain/test/support/mutate.js';
import { checkRuleFile, displayRuleLine, parseRuleFileBytes, RULE_LIMITS } from '../src/index.js';

// Fuzz suite of the `.ruleimport` grammar: fixed seeds, bounded counts, part of the normal test run.
// 10 000 files with a secret in a broken option + 10 000 freely mutated files (20 000).
const SEED = 20261202;
const RUNS = 10_000;

// `;` separates fields: nobody can tell `swm=ab;cd` from the option `cd`, so secrets hold none.
const secret = fc
  .stringMatching(/^[A-Za-z0-9!$%&*+.?@^_~-][A-Za-z0-9!$%&*+.?@^_~:=-]{9,23}$/)
  .filter((s) => /[A-Za-z]/.test(s) && /[0-9]/.test(s) && new Set(s).size > 5);
const endpoint = fc.constantFrom('*', 'a.com', 'anna@bücher.de', 'group:dev', 'support@company.com');
const option = fc.constantFrom('se', 'ss', 'fe', 'notify', 'comment:hi there', 'fs:key@company.com', 'swm');
const sp = fc.constantFrom('', ' ', '  ');

/** A rule line with `s` in a broken option: every shape issue 13 lists, and more. */
const secretLine = fc
  .tuple(secret, endpoint, endpoint, fc.array(option, { maxLength: 3 }), sp, fc.nat({ max: 9 }), fc.boolean())
  .map(([s, from, to, opts, x, shape, first]) => {
    const swm = first ? 'swm' : 'SWM';
    const broken = [
      `${swm}${x}=${x}${s}`,
      `${swm}-${s}`,
      `${swm}_${s}`,
      `fs:${x}${s}`,
      `fs ${s}`,
      `FS=${s}`,
      `${swm}${s}`,
      `se:${s}`,
      `${swm} ${s}`,
      `fe ${swm}:${s}`,
    ][shape]!;
    const parts: string[] = [...opts];
    parts.splice(opts.length === 0 ? 0 : shape % (opts.length + 1), 0, broken);
    return { s, line: `${from};${to};${parts.join(';')}` };
  });

const validLine = fc.constantFrom(
  'support@company.com;group:lawyers;se;fs:support@company.com',
  '*;tax-consultants.com;swm',
  'group:developers;software-company-external.org;fe;comment:keep it',
  '*;*;untouched',
  '',
);

/** Every rendering: diagnostics (JSON and compiler style) and each line through the display. */
function renderings(text: string): string {
  const r = checkRuleFile(text);
  const human = r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message} ${d.hint ?? ''}`);
  return [JSON.stringify(r.diagnostics), ...human, ...text.split(/\r\n|\r|\n/).map(displayRuleLine)].join(
    '\n',
  );
}

describe('fuzz: .ruleimport', () => {
  test(`${RUNS} files with a secret in a broken option never echo it`, () => {
    fc.assert(
      fc.property(
        secretLine,
        fc.array(validLine, { maxLength: 3 }),
        fc.array(validLine, { maxLength: 3 }),
        fc.boolean(),
        ({ s, line }, before, after, crlf) => {
          const text = [...before, line, ...after, '#####'].join(crlf ? '\r\n' : '\n');
          const r = checkRuleFile(text);
          expect(r.diagnostics.some((d) => d.severity === 'error' && d.line === before.length + 1)).toBe(
            true,
          );
          expect(renderings(text)).not.toContain(s);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  const alphabet = fc.constantFrom(
    ';',
    ':',
    '=',
    ' ',
    '\t',
    '\n',
    '\r',
    '#',
    '@',
    '.',
    '-',
    '*',
    '\u0000',
    'é',
    '\uFFFD',
    '\uFEFF',
    'a',
    'Z',
    '0',
    'swm',
    'fs:',
    'group:',
    '#####',
    ';;;;',
    '\u{1F600}',
  );
  const mutated = mutatedFiles(
    fc.oneof(
      validLine,
      secretLine.map((x) => x.line),
    ),
    alphabet,
  );

  test(`${RUNS} mutated files never throw, keep valid positions and agree text/bytes`, () => {
    fc.assert(
      fc.property(mutated, (t) => {
        const r = checkRuleFile(t);
        expect(r.diagnostics.every((d) => d.line >= 1 && d.column >= 1 && d.length >= 1)).toBe(true);
        expect(r.diagnostics.length).toBeLessThanOrEqual(RULE_LIMITS.maxDiagnostics + 1);
        const b = parseRuleFileBytes(new TextEncoder().encode(t));
        expect(b.diagnostics.filter((d) => d.code !== 'TXT001').length).toBeGreaterThanOrEqual(0);
        expect(b.value.rules.length).toBe(r.value.rules.length);
        for (const l of t.split(/\r\n|\r|\n/)) displayRuleLine(l);
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });
});
