import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { HashIndex } from '../src/internal/hash-index.js';

describe('HashIndex', () => {
  test('behaves like a Map from strings to lines, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.integer({ min: 1, max: 1e6 })), {
          maxLength: 3000,
        }),
        (ops) => {
          const index = new HashIndex(16);
          const model = new Map<string, number>();
          for (const [k, v] of ops) {
            expect(index.set(k, v)).toBe(model.get(k));
            model.set(k, v);
          }
          for (const [k] of ops) expect(index.get(k)).toBe(model.get(k));
          expect(index.get('\u0000never stored\u0000')).toBeUndefined();
        },
      ),
      { numRuns: 50 },
    );
  });
});
