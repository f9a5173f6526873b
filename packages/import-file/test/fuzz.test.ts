import type { Diagnostic } from '@usesync/domain';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mutatedFiles } from '../../domain/test/support/mutate.js';
import { displayLine, Limits, parseUseImport, parseUseImportBytes } from '../src/index.js';

// Fuzz suite of the `.useimport` grammar: fixed seeds, bounded counts, part of the normal test run.
// 10 000 inputs with a secret in a malformed position + 10 000 freely mutated files (20 000).
const SEED = 20261201;
const RUNS = 10_000;

const secret = fc
  .stringMatching(/^[A-Za-z0-9!$%&*+.?@^_~-][A-Za-z0-9!$%&*+.?@^_~:-]{9,23}$/)
  .filter((s) => /[A-Za-z]/.test(s) && /[0-9]/.test(s) && new Set(s).size > 5);
const label = fc.constantFrom(
  'passphrase',
  'Passphrase',
  'PASSPHRASE',
  'pass-phrase',
  'Pass-Phrase',
  'pass_phrase',
  'passphrse',
  'passpharse',
  'Kennwort',
  'kennwort',
  'Passwort',
  'password',
  'Passwd',
  'pwd',
);
const address = fc.constantFrom('a@b.com', 'anna@bücher.de', 'x.y@company.ch');
const sp = fc.constantFrom('', ' ', '  ', '\t');
const flag = fc.constantFrom(
  ';smimeimport',
  ';SMIMEIMPORT',
  ' ; smimeimport',
  ';smimeimprt',
  ';smimeimport;',
  '',
);

/** A line holding `s` where the grammar cannot take it: every shape issue 13 lists, and more. */
const secretLine = fc
  .tuple(secret, label, address, sp, sp, flag, fc.nat({ max: 11 }))
  .map(([s, l, a, x, y, f, shape]) => {
    const line = [
      `${l}${x}=${y}${s}${f}`,
      `${l} ${y}${s}${f}`,
      `${l}${x};${y}${s}${f}`,
      `${l}${x}:${y}${s}`,
      `passphrase:${s}`,
      `passphrase:${s}${f === '' ? ';smimeimprt' : f}x`,
      `smime-state:${a};${l}${x}:${y}${s};keystate:1`,
      `smime-state:${a};name:A B;teamcert:0;${l} ${s};keystate:1`,
      `option:${a};${l}${x}:${y}${s}`,
      `pgp-state:${a};keystate:0;${l}=${s}`,
      `${s}${f === '' ? ';smimeimport' : f}`,
      `smime-state:${a} ${l}:${s};keystate:1`,
    ][shape]!;
    return { s, line };
  });

const validLine = fc.constantFrom(
  'smime-state:anna@company.com;name:Anna Muster;teamcert:0;keystate:1',
  'pgp-state:bob@company.com;name:Bob;keylength:4096;keystate:1;validity:2y',
  'group:company.com;staff',
  'group:eve@bücher.de;staff',
  'option:RCR 123;action-id',
  'option:admin@company.com;addmailadmin',
  'passphrase:aa;smimeimport',
  '',
);

const file = fc
  .tuple(
    fc.array(validLine, { maxLength: 4 }),
    fc.array(validLine, { maxLength: 4 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([before, after, crlf, end]) => ({ before, after, eol: crlf ? '\r\n' : '\n', end }));

/** Every rendering a user, a mail or a log can see: diagnostics (text and JSON) and the lines. */
function renderings(text: string): string {
  const whole = parseUseImport(text);
  const bytes = parseUseImportBytes(new TextEncoder().encode(text));
  const shown = text.split(/\r\n|\r|\n/).map(displayLine);
  const human = whole.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message} ${d.hint ?? ''}`);
  return [JSON.stringify(whole), JSON.stringify(bytes.diagnostics), ...human, ...shown].join('\n');
}

function positionsValid(ds: readonly Diagnostic[], lines: number): boolean {
  return ds.every((d) => d.line >= 1 && d.line <= lines + 1 && d.column >= 1 && d.length >= 1);
}

const key = (d: Diagnostic) => `${d.line}:${d.column}:${d.code}:${d.severity}`;

describe('fuzz: .useimport', () => {
  test(`${RUNS} files with a secret in a malformed line never echo it`, () => {
    fc.assert(
      fc.property(secretLine, file, ({ s, line }, f) => {
        const text = [...f.before, line, ...f.after, ...(f.end ? ['#####'] : [])].join(f.eol);
        const r = parseUseImport(text);
        expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        expect(renderings(text)).not.toContain(s);
      }),
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
    '\u0000',
    '\u007f',
    'é',
    'ü',
    '\uFFFD',
    '\uFEFF',
    'a',
    'Z',
    '0',
    '1',
    'passphrase',
    'smime-state:',
    'keystate:',
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
        const r = parseUseImport(t);
        expect(positionsValid(r.diagnostics, r.value.lineCount)).toBe(true);
        expect(r.diagnostics.length).toBeLessThanOrEqual(Limits.maxDiagnostics + 2);
        const b = parseUseImportBytes(new TextEncoder().encode(t));
        expect(b.diagnostics.map(key)).toEqual(r.diagnostics.map(key));
        for (const l of t.split(/\r\n|\r|\n/)) displayLine(l);
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });
});
