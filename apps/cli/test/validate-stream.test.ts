import { parseUseImportBytes } from '@usesync/import-file';
import { describe, expect, test } from 'vitest';
import { run, tempDir, writeIn } from './helpers.js';

interface JsonOut {
  files: { ok: boolean; diagnostics: { code: string; line: number; column: number; message: string }[] }[];
}

describe('usesync validate reads .useimport files as a stream', () => {
  test('a large file gives the diagnostics of the whole-file parser', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      lines.push(i % 1_000 === 7 ? `smime-state:u${i}@b.com;keystate:2` : `group:u${i}@b.com;g${i % 9}`);
    }
    const text = `\uFEFF${lines.join('\r\n')}\r\n#####\r\n`;
    const f = writeIn(tempDir(), 'big.useimport', text);
    const r = await run(['validate', '--json', f]);
    expect(r.code).toBe(1);
    const got = (JSON.parse(r.out) as JsonOut).files[0]!.diagnostics.map(
      (d) => `${d.line}:${d.column}:${d.code}`,
    );
    const want = parseUseImportBytes(new TextEncoder().encode(text)).diagnostics.map(
      (d) => `${d.line}:${d.column}:${d.code}`,
    );
    expect(got).toEqual(want);
    expect(got).toHaveLength(30);
  });

  test('human output shows each offending line (masked) under its diagnostic', async () => {
    const f = writeIn(
      tempDir(),
      's.useimport',
      'group:a@b.com;g\npassphrase=Hunter2-Geheim;smimeimport\nsmime-state:a@b.com;passphrase:Hunter2-Geheim;keystate:1\n#####\n',
    );
    const r = await run(['validate', f]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('passphrase=••••••;smimeimport');
    expect(r.out).toContain('smime-state:a@b.com;••••••');
    expect(r.out).not.toContain('Hunter2');
    const j = await run(['validate', '--json', f]);
    expect(j.out).not.toContain('Hunter2');
  });

  test('a real U+FFFD in a UTF-8 file is fine; an S/MIME local part outside ASCII is USE023', async () => {
    const dir = tempDir();
    const ok = writeIn(dir, 'ok.useimport', 'pgp-state:a@b.com;name:A \uFFFD B;keystate:1\n#####\n');
    expect((await run(['validate', ok])).code).toBe(0);
    const idn = writeIn(
      dir,
      'idn.useimport',
      'smime-state:jörg@bücher.de;name:Team;teamcert:1;keystate:1\n#####\n',
    );
    const r = await run(['validate', '--json', idn]);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as JsonOut).files[0]!.diagnostics.map((d) => d.code)).toEqual(['USE023']);
  });

  test('a missing file is a usage error naming it', async () => {
    const r = await run(['validate', `${tempDir()}/nope.useimport`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Cannot read');
    expect(r.err).toContain('ENOENT');
  });
});
