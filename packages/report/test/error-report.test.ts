import { splitLines } from '@usesync/domain';
import { displayLine, parseUseImport } from '@usesync/import-file';
import { describe, expect, test } from 'vitest';
import { renderErrorReport } from '../src/index.js';
import { caretLine, mapSpan } from '../src/internal/caret.js';
import { NOW, USE_NAME, useText } from './fixtures.js';

const SECRET = 'Zebra-Quartz-7781';

/** The manual's example with typical mistakes, one of them on a passphrase line. */
const broken = useText
  .replace('passphrase:123456;smimeimport', `passphrase:${SECRET};smimeimprt`)
  .replace('teamcert:0', 'teamcert:2')
  .replace('pgp-state: john.doe@company.com;keystate:0', 'pgp-stat:john.doe@company.com;keystate:0');

function report(text: string) {
  const parsed = parseUseImport(text);
  return renderErrorReport({
    tenant: '12345TE',
    now: NOW,
    actionId: 'RCR 123456',
    files: [
      { name: USE_NAME, lines: splitLines(text), diagnostics: parsed.diagnostics, display: displayLine },
    ],
  });
}

describe('renderErrorReport', () => {
  test('the broken example renders as the snapshot', async () => {
    const r = report(broken);
    expect(r.title).toBe('usesync error report 12345TE');
    await expect(r.text).toMatchFileSnapshot('./__snapshots__/error-report.txt');
    await expect(r.html).toMatchFileSnapshot('./__snapshots__/error-report.html');
  });

  test('says plainly that the file was not applied', () => {
    expect(report(broken).text).toContain('The file was NOT applied: nothing was changed.');
  });

  test('every error appears with line, column, the offending line and a caret', () => {
    const parsed = parseUseImport(broken);
    const { text } = report(broken);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(3);
    for (const d of parsed.diagnostics)
      expect(text).toContain(`${USE_NAME}:${d.line}:${d.column}: ${d.severity} ${d.code}`);
    expect(text).toContain('8 | pgp-stat:john.doe@company.com;keystate:0');
    expect(text).toMatch(/\| \^~{7}\n/);
  });

  test('the passphrase is never shown, and the caret does not reveal its length', () => {
    const { text, html } = report(broken);
    expect(text).not.toContain(SECRET);
    expect(html).not.toContain(SECRET);
    expect(text).toContain('3 | passphrase:••••••;smimeimprt');
  });

  test('a diagnostic past the last line (missing terminator) is reported without a line', () => {
    const { text } = report('group:a.com;g\n');
    expect(text).toContain('past the end of the file');
  });
});

describe('mapSpan', () => {
  test.each([
    // raw, shown, column, length → column, length
    ['abcdef', 'abcdef', 3, 2, 3, 2],
    ['p:SECRET;x', 'p:***;x', 1, 1, 1, 1],
    ['p:SECRET;x', 'p:***;x', 5, 2, 3, 3],
    ['p:SECRET;x', 'p:***;x', 10, 1, 7, 1],
    ['p:SECRET;xyz', 'p:***;xyz', 9, 4, 6, 4],
  ])('maps %s → %s at %i+%i', (raw, shown, col, len, eCol, eLen) => {
    expect(mapSpan(raw, shown, col, len)).toEqual({ column: eCol, length: eLen });
  });

  test('carets keep tabs so they line up', () => {
    expect(caretLine('\tab', 3, 1)).toBe('\t ^');
  });
});
