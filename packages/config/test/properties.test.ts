import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseProviderSettings, parseTenantConfig, validateProviderSettings } from '../src/index.js';

const SEED = 20261201;
const yamlish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .array(
      fc.tuple(
        fc.constantFrom('dataDir', 'smtp', 'tls', 'ca', 'tenant', 'id', 'watchdog', 'schedule', 'share', 'x'),
        fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.integer(),
          fc.constant('{ env: A }'),
          fc.constant('[1, 2]'),
        ),
        fc.nat(3),
      ),
      { maxLength: 12 },
    )
    .map((lines) => lines.map(([k, v, indent]) => `${'  '.repeat(indent)}${k}: ${String(v)}`).join('\n')),
);

describe('the configuration parsers never throw', () => {
  test.each([
    ['*!', /Unresolved alias/],
    [
      `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
      /alias/i,
    ],
  ])('YAML that cannot be turned into data (%j) is a CFG001 diagnostic', (text, why) => {
    for (const r of [parseTenantConfig(text), parseProviderSettings(text, { baseDir: '/' })]) {
      expect(r.value).toBeUndefined();
      expect(r.diagnostics).toMatchObject([{ code: 'CFG001', message: expect.stringMatching(why) }]);
    }
  });

  test('any text gives a value or an error diagnostic with a 1-based position, never both missing', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        for (const r of [parseTenantConfig(text), parseProviderSettings(text, { baseDir: '/etc/usesync' })]) {
          const errors = r.diagnostics.filter((d) => d.severity === 'error');
          expect(r.value === undefined).toBe(errors.length > 0);
          for (const d of r.diagnostics) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.column).toBeGreaterThanOrEqual(1);
            expect(d.code).toMatch(/^CFG0\d\d$/);
          }
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('any value built in code is validated without throwing', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const r = validateProviderSettings(value, { baseDir: '/' });
        expect(r.value === undefined).toBe(r.diagnostics.some((d) => d.severity === 'error'));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
