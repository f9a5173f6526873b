import { splitLines } from '@usesync/domain';
import { displayLine, parseUseImport } from '@usesync/import-file';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { renderErrorReport } from '../src/index.js';

const secret = fc
  .stringMatching(/^[A-Za-z0-9!$%&*+.?@^_~-][A-Za-z0-9!$%&*+.?@^_~:-]{9,23}$/)
  .filter((s) => /[A-Za-z]/.test(s) && /[0-9]/.test(s) && new Set(s).size > 5);

const shapes = [
  (s: string) => `passphrase=${s};smimeimport`,
  (s: string) => `passphrase ${s};smimeimport`,
  (s: string) => `pass-phrase;${s};smimeimport`,
  (s: string) => `Kennwort:${s}`,
  (s: string) => `passphrase:${s}`,
  (s: string) => `passphrase:${s};smimeimprt`,
  (s: string) => `smime-state:a@b.com;passphrase:${s};keystate:1`,
  (s: string) => `smime-state:a@b.com;name:A B;Passwort ${s};keystate:1`,
  (s: string) => `option:a@b.com;passphrase:${s}`,
  (s: string) => `${s};smimeimport`,
];

function report(text: string) {
  return renderErrorReport({
    tenant: '12345TE',
    now: '2026-12-01T03:00:00Z',
    files: [
      {
        name: '12345TE_x.useimport',
        lines: splitLines(text),
        diagnostics: parseUseImport(text).diagnostics,
        display: displayLine,
      },
    ],
  });
}

describe('error report and secrets of malformed lines', () => {
  test('a random secret in any malformed position is in neither the text nor the HTML', () => {
    fc.assert(
      fc.property(secret, fc.nat(), (s, pick) => {
        const text = `group:a@b.com;g\n${shapes[pick % shapes.length]!(s)}\n#####\n`;
        const r = report(text);
        expect(r.text).toContain('12345TE_x.useimport:2:');
        expect(r.text).not.toContain(s);
        expect(r.html).not.toContain(s);
      }),
      { seed: 17, numRuns: 1_000 },
    );
  });

  test('a pathological line is named, not reproduced', () => {
    const r = report(`${';'.repeat(100_000)}\n#####\n`);
    expect(r.text).toContain('line 1 has 100,000 characters and is not shown');
    expect(r.text.length).toBeLessThan(5_000);
  });
});
