import { describe, expect, test } from 'vitest';
import { examples, run, tempDir, writeIn } from './helpers.js';

const manual = `${examples}12345TE_use_import_2022-06-01_1600.useimport`;

interface JsonOut {
  files: {
    path: string;
    kind: string;
    ok: boolean;
    diagnostics: { severity: string; code: string; message: string; line: number; column: number }[];
  }[];
}

describe('usesync validate', () => {
  test('the manual example file is valid (warnings only) and exits 0', async () => {
    const r = await run(['validate', '--json', manual]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as JsonOut;
    expect(json.files[0]).toMatchObject({ kind: 'useimport', ok: true });
    expect(json.files[0]!.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  test('a CRLF + BOM export with umlauts in names and the domain is valid', async () => {
    const dir = tempDir();
    const f = writeIn(
      dir,
      'a.useimport',
      '\uFEFFsmime-state:juergen.mueller@bücher.de;name:Jürgen Müller;teamcert:0;keystate:1\r\n#####\r\n',
    );
    const r = await run(['validate', '--json', f]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as JsonOut).files[0]!.diagnostics).toEqual([]);
  });

  test('a truncated file (no #####) is rejected', async () => {
    const dir = tempDir();
    const f = writeIn(dir, 't.useimport', 'group:a@b.com;g\nsmime-state:c@b.com;keyst');
    const r = await run(['validate', '--json', f]);
    expect(r.code).toBe(1);
    const ds = (JSON.parse(r.out) as JsonOut).files[0]!.diagnostics;
    expect(ds.map((d) => d.code)).toContain('USE012');
  });

  test('six different errors are reported each on its own line, compiler style with carets', async () => {
    const dir = tempDir();
    const f = writeIn(
      dir,
      'six.useimport',
      [
        'smime-stat:a@b.com;keystate:0',
        'smime-state:b@b.com;nmae:B;keystate:0',
        'pgp-state:c@b.com;keystate:2',
        'pgp-state:not-an-address;keystate:0',
        'group:d@b.com;bad name!',
        'passphrase:hunter2',
        '#####',
      ].join('\n'),
    );
    const json = JSON.parse((await run(['validate', '--json', f])).out) as JsonOut;
    expect(json.files[0]!.diagnostics.map((d) => d.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(json.files[0]!.diagnostics.map((d) => d.code)).size).toBe(6);
    const human = await run(['validate', f]);
    expect(human.code).toBe(1);
    expect(human.out).toContain(`${f}:1:1: error USE002: unknown identifier \`smime-stat\``);
    expect(human.out).toContain('  hint: did you mean `smime-state`?');
    expect(human.out).toMatch(/ {2}smime-state:b@b.com;nmae:B;keystate:0\n {2}\s{20}\^{4}/);
    expect(human.out).toContain('1 file checked: 6 errors, 0 warnings — 1 file would be rejected');
    expect(human.out).not.toContain('hunter2');
  });

  test('a Latin-1 file is rejected with the line of the bad byte', async () => {
    const dir = tempDir();
    const bytes = Buffer.concat([
      Buffer.from('smime-state:j@b.com;name:J'),
      Buffer.from([0xfc]),
      Buffer.from('rgen M;teamcert:1;keystate:1\n#####\n'),
    ]);
    const f = writeIn(dir, 'latin1.useimport', bytes);
    const r = await run(['validate', '--json', f]);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as JsonOut).files[0]!.diagnostics).toMatchObject([{ code: 'TXT001', line: 1 }]);
  });

  test('a passphrase with colons is valid and never printed, not even on errors', async () => {
    const dir = tempDir();
    const ok = writeIn(dir, 'p.useimport', 'passphrase:se:cr:et9;smimeimport\n#####\n');
    const bad = writeIn(
      dir,
      'q.useimport',
      'passphrase:se:cr:et9;smimeimprt\npasphrase:se:cr:et9;smimeimport\n',
    );
    const r1 = await run(['validate', '--json', ok]);
    expect(r1.code).toBe(0);
    const r2 = await run(['validate', bad]);
    const r3 = await run(['validate', '--json', bad]);
    expect(r2.code).toBe(1);
    for (const r of [r1, r2, r3]) expect(r.out + r.err).not.toContain('cr:et9');
  });

  test('usage and I/O errors exit 2', async () => {
    expect((await run(['validate', '/nonexistent/x.useimport'])).code).toBe(2);
    expect((await run(['validate', 'README.md'])).code).toBe(2);
    expect((await run(['validate'])).code).toBe(2);
    expect((await run(['no-such-command'])).code).toBe(2);
  });
});
