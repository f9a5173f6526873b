import { describe, expect, test } from 'vitest';
import { Codes, displayLine, parseUseImport, parseUseImportBytes } from '../src/index.js';

function codesOf(text: string): [number, number, string][] {
  return parseUseImport(text).diagnostics.map((d) => [d.line, d.column, d.code]);
}

describe('every error code', () => {
  test.each<[string, string, string, RegExp?]>([
    ['control character', 'group:a@b.com;g\u0007x\n#####', Codes.UnexpectedCharacter, /U\+0007/],
    [
      'unknown identifier with suggestion',
      'smime-stat:a@b.com;keystate:0\n#####',
      Codes.UnknownIdentifier,
      /smime-stat/,
    ],
    ['identifier without value', 'smime-state;keystate:0\n#####', Codes.MissingValue],
    [
      'unknown sub-identifier',
      'smime-state:a@b.com;nmae:A;keystate:0\n#####',
      Codes.UnknownSubIdentifier,
      /nmae/,
    ],
    [
      'duplicate sub-identifier',
      'smime-state:a@b.com;keystate:0;keystate:0\n#####',
      Codes.DuplicateSubIdentifier,
    ],
    ['missing keystate', 'smime-state:a@b.com;name:A\n#####', Codes.MissingSubIdentifier, /keystate/],
    ['bad keystate', 'pgp-state:a@b.com;keystate:yes\n#####', Codes.InvalidValue],
    ['bad address', 'pgp-state:a.b.com;keystate:0\n#####', Codes.InvalidAddress],
    ['bad group member', 'group:foo..bar;g\n#####', Codes.InvalidMember],
    ['bad group name', 'group:a@b.com;g g!\n#####', Codes.InvalidGroupName],
    ['third field on a group line', 'group:a@b.com;g;h\n#####', Codes.UnexpectedField],
    ['missing terminator', 'group:a@b.com;g\n', Codes.MissingTerminator],
    ['content after terminator', 'group:a@b.com;g\n#####\ngroup:c@b.com;g\n', Codes.ContentAfterTerminator],
    ['passphrase without flag', 'passphrase:secret\n#####', Codes.InvalidPassphraseLine],
  ])('%s → its code', (_name, text, code, message) => {
    const ds = parseUseImport(text).diagnostics;
    const d = ds.find((x) => x.code === code);
    expect(d, JSON.stringify(ds)).toBeDefined();
    expect(d!.severity).toBe('error');
    if (message) expect(d!.message).toMatch(message);
  });

  test.each<[string, string, string]>([
    [
      'superseded line',
      'pgp-state:a@b.com;keystate:0\npgp-state:a@b.com;keystate:0\n#####',
      Codes.Superseded,
    ],
    ['option overridden', 'option:1;action-id\noption:2;action-id\n#####', Codes.OptionOverridden],
    ['single-label domain', 'group:domain-b;g\n#####', Codes.SingleLabelDomain],
    [
      'name split guessed',
      'smime-state:a@b.com;name:Anna Maria Schmidt;teamcert:0;keystate:1\n#####',
      Codes.NameSplitGuessed,
    ],
    ['duplicate member', 'group:a@b.com;g\ngroup:A@b.com;g\n#####', Codes.DuplicateMember],
  ])('%s → warning %s', (_name, text, code) => {
    const ds = parseUseImport(text).diagnostics;
    expect(ds.map((d) => [d.severity, d.code])).toEqual([['warning', code]]);
  });

  test('suggestions: smime-stat, nmae, pgp- state', () => {
    const ds = parseUseImport(
      'smime-stat:a@b.com;keystate:0\nsmime-state:a@b.com;nmae:A;keystate:0\npgp- state:a@b.com;keystate:0\n#####\n',
    ).diagnostics;
    expect(ds.map((d) => d.hint)).toEqual([
      'did you mean `smime-state`?',
      'did you mean `name`?',
      'did you mean `pgp-state`?',
    ]);
  });

  test('mandatory sub-identifiers for keystate 1', () => {
    expect(codesOf('smime-state:a@b.com;keystate:1\n#####')).toEqual([[1, 1, Codes.MissingSubIdentifier]]);
    expect(parseUseImport('smime-state:a@b.com;keystate:1\n#####').diagnostics[0]!.message).toMatch(
      /`name` and `teamcert`/,
    );
    expect(codesOf('pgp-state:a@b.com;keystate:1\n#####')).toEqual([[1, 1, Codes.MissingSubIdentifier]]);
  });

  test.each([
    ['keylength:512', /keylength/],
    ['keytype:ECC', /keytype/],
    ['validity:forever', /validity/],
    ['validitytime:0y', /validitytime/],
  ])('pgp enumeration %s is rejected', (sub, msg) => {
    const ds = parseUseImport(`pgp-state:a@b.com;name:A;keystate:1;${sub}\n#####`).diagnostics;
    expect(ds).toHaveLength(1);
    expect(ds[0]!.code).toBe(Codes.InvalidValue);
    expect(ds[0]!.message).toMatch(msg);
  });

  test('six different errors are all reported, each on its own line, in one pass', () => {
    const text = [
      'smime-stat:a@b.com;keystate:0',
      'smime-state:b@b.com;nmae:B;keystate:0',
      'pgp-state:c@b.com;keystate:2',
      'pgp-state:not-an-address;keystate:0',
      'group:d@b.com;bad name!',
      'passphrase:no-flag',
      '#####',
    ].join('\n');
    const ds = parseUseImport(text).diagnostics;
    expect(ds.map((d) => d.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(ds.map((d) => d.code)).size).toBe(6);
  });

  test('columns point at the offending text', () => {
    const [d] = parseUseImport('pgp-state:a@b.com;keystate:0;keylength:512\n#####').diagnostics;
    expect(d).toMatchObject({ line: 1, column: 40, length: 3 });
  });
});

describe('tolerance of real exports', () => {
  test('CRLF, a BOM, blank lines, spaces and umlauts (in names and the domain)', () => {
    const text =
      '\uFEFFsmime-state : juergen.mueller@bücher.de ; name : Jürgen Müller ; teamcert:0 ; keystate:1\r\n\r\n#####\r\n';
    const { value, diagnostics } = parseUseImportBytes(new TextEncoder().encode(text));
    expect(diagnostics).toEqual([]);
    expect(value.entries[0]).toMatchObject({
      address: 'juergen.mueller@xn--bcher-kva.de',
      givenName: 'Jürgen',
      surname: 'Müller',
    });
  });

  test('identifiers and sub-identifiers are case-insensitive; aliases work', () => {
    const { value, diagnostics } = parseUseImport(
      'SMIME-State:a@b.com;GivenName:Ann;Surname:Lee;Name:Ann Lee;TeamCert:0;KeyState:1\n#####',
    );
    expect(diagnostics).toEqual([]);
    expect(value.entries[0]).toMatchObject({ givenName: 'Ann', surname: 'Lee' });
  });

  test('a trailing semicolon is tolerated', () => {
    expect(parseUseImport('pgp-state:a@b.com;keystate:0;\n#####').diagnostics).toEqual([]);
  });

  test('a Latin-1 file is rejected with the line of the bad byte', () => {
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode('group:a@b.com;g\nsmime-state:j@b.com;name:J'),
      0xfc, // ü in Latin-1
      ...new TextEncoder().encode('rgen M;teamcert:1;keystate:1\n#####\n'),
    ]);
    const ds = parseUseImportBytes(bytes).diagnostics;
    expect(ds.map((d) => [d.line, d.code])).toEqual([[2, 'TXT001']]);
    expect(ds[0]!.column).toBe(27);
  });
});

describe('secrets', () => {
  const secret = 'p:a:s;s';
  const line = `passphrase:${secret};smimeimport`;

  test('a passphrase may contain colons and semicolons', () => {
    const { value, diagnostics } = parseUseImport(`${line}\n#####`);
    expect(diagnostics).toEqual([]);
    const e = value.entries[0];
    expect(e?.kind === 'passphrase' && e.passphrase.reveal()).toBe(secret);
  });

  test('a passphrase never appears in diagnostics, JSON or the display line', () => {
    const broken = `passphrase:${secret};smimeimprt\npassphrase:${secret}\u0001;smimeimport\nxpassphrase:${secret};smimeimport`;
    const r = parseUseImport(broken);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    const everything = JSON.stringify(r) + broken.split('\n').map(displayLine).join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('p:a:s');
  });
});
