import { describe, expect, test } from 'vitest';
import { Codes, isTerminatorLine, parseUseImport, printUseImport, TERMINATOR } from '../src/index.js';

describe('internationalised domains', () => {
  test('the Unicode and the punycode form of an address are one identity', () => {
    const r = parseUseImport(
      'smime-state:anna@bücher.de;name:Team;teamcert:1;keystate:1\nsmime-state:anna@xn--bcher-kva.de;name:Team;teamcert:1;keystate:1\n#####',
    );
    expect(r.value.entries.map((e) => e.kind === 'smime-state' && e.address)).toEqual([
      'anna@xn--bcher-kva.de',
      'anna@xn--bcher-kva.de',
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual([Codes.Superseded]);
  });

  test('group members and domains are normalised to A-labels too', () => {
    const r = parseUseImport('group:Bücher.DE;g\ngroup:anna@BÜCHER.de;g\n#####');
    expect(r.value.entries.map((e) => e.kind === 'group' && e.member)).toEqual([
      'xn--bcher-kva.de',
      'anna@xn--bcher-kva.de',
    ]);
  });

  test('an smime-state local part outside ASCII is refused with USE023; pgp-state takes it', () => {
    const r = parseUseImport(
      'smime-state:jürgen@example.de;name:Team;teamcert:1;keystate:1\npgp-state:jürgen@example.de;keystate:0\n#####',
    );
    expect(r.diagnostics.map((d) => [d.line, d.code])).toEqual([[1, Codes.NonAsciiLocalPart]]);
    expect(r.value.entries.map((e) => e.kind)).toEqual(['pgp-state']);
  });
});

describe('the terminator', () => {
  test.each([
    ['#####', true],
    ['  ###### ', true],
    ['####', false],
    ['##### x', false],
    ['', false],
  ])('%j is a terminator line: %s', (line, yes) => {
    expect(isTerminatorLine(line)).toBe(yes);
  });

  test('the grammar and the printer use the same definition', () => {
    expect(parseUseImport('group:a@b.com;g\n######\n').diagnostics).toEqual([]);
    expect(printUseImport({ entries: [] })).toBe(`${TERMINATOR}\n`);
    expect(isTerminatorLine(TERMINATOR)).toBe(true);
  });
});
