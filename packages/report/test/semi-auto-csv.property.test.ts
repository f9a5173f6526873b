import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseSemiAutoCsv, renderSemiAutoCsv, type SemiAutoRow } from '../src/index.js';
import { readCsv } from '../src/internal/csv-read.js';

// Cells are trimmed when read, so generated text has no surrounding whitespace.
const cell = fc
  .string({ minLength: 1, maxLength: 20, unit: 'binary' })
  .map((s) => s.trim())
  .filter((s) => s !== '');
const row: fc.Arbitrary<SemiAutoRow> = fc
  .record({
    local: fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/),
    name: cell,
    givenName: fc.option(cell, { nil: undefined }),
    surname: fc.option(cell, { nil: undefined }),
    team: fc.boolean(),
    product: cell,
    reason: fc.option(cell, { nil: '' }),
  })
  .filter((r) => !r.local.includes('..'))
  .map(({ local, givenName, surname, ...r }) => ({
    ...r,
    address: `${local}@company.com`,
    ...(givenName !== undefined ? { givenName } : {}),
    ...(surname !== undefined ? { surname } : {}),
  }));

describe('semi-automatic CSV properties', () => {
  test('render then parse gives the rows back, for any text in the cells', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        const parsed = parseSemiAutoCsv(renderSemiAutoCsv(rows));
        expect(parsed.diagnostics).toEqual([]);
        expect(parsed.value).toEqual(rows);
      }),
      { numRuns: 200, seed: 20220601 },
    );
  });

  test('no rendered cell can start a formula', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 4 }), (rows) => {
        // Raw cells as a spreadsheet sees them (quotes removed, no apostrophe stripped).
        const { records, problems } = readCsv(renderSemiAutoCsv(rows), ';');
        expect(problems).toEqual([]);
        const cells = records.flatMap((r) => r.fields.map((f) => f.value));
        expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  test('the reader never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        parseSemiAutoCsv(`address;name;givenname;surname;type;product;reason\r\n${text}`);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
