import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lineLexer } from '../src/lexer.js';
import { lineParser, plainLineFields } from '../src/parser.js';

function chevrotainFields(text: string) {
  const lexed = lineLexer.tokenize(text);
  expect(lexed.errors).toEqual([]);
  const p = lineParser();
  p.input = lexed.tokens;
  const fields = p.line();
  expect(p.errors).toEqual([]);
  return fields;
}

describe('the plain-line fast path', () => {
  const plain = fc.string({
    unit: fc.oneof(
      fc.constantFrom(';', ';', ':', ' ', '\t', 'a', 'é', '\u00a0', '\uFFFD', '\uFEFF'),
      fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    ),
    maxLength: 40,
  });

  test('gives exactly the fields the chevrotain lexer and parser give', () => {
    fc.assert(
      fc.property(plain, (text) => {
        expect(plainLineFields(text)).toEqual(chevrotainFields(text));
      }),
      { seed: 5, numRuns: 5_000 },
    );
  });

  test('declines every line with a character the lexer rejects', () => {
    for (const c of ['\u0000', '\u0007', '\u007f', '\u0085', '\r', '\n'])
      expect(plainLineFields(`group:a@b.com;g${c}`)).toBeUndefined();
  });
});
