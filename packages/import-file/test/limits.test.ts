import { describe, expect, test } from 'vitest';
import { Codes, Limits, parseUseImport, parseUseImportBytes, parseUseImportStream } from '../src/index.js';

async function streamed(chunks: Iterable<Uint8Array | string>) {
  const diagnostics = [];
  let entries = 0;
  for await (const ev of parseUseImportStream(chunks)) {
    if (ev.type === 'batch') entries += ev.entries.length;
    diagnostics.push(...ev.diagnostics);
  }
  return { entries, diagnostics };
}

describe('pathological input', () => {
  test('a 1 MB line of `;` is one USE020 error and is not parsed', () => {
    const r = parseUseImport(`${';'.repeat(1_000_000)}\n#####\n`);
    expect(r.diagnostics.map((d) => [d.line, d.code])).toEqual([[1, Codes.LineTooLong]]);
    expect(r.diagnostics[0]!.message).toContain('1,000,000');
  });

  test('a line just under the length cap is parsed; one over it is refused', () => {
    const name = 'x'.repeat(Limits.maxLineLength - 60);
    const ok = `pgp-state:a@b.com;keystate:1;name:${name}`;
    expect(ok.length).toBeLessThanOrEqual(Limits.maxLineLength);
    expect(parseUseImport(`${ok}\n#####`).diagnostics).toEqual([]);
    const over = `${ok}${'y'.repeat(100)}`;
    expect(parseUseImport(`${over}\n#####`).diagnostics.map((d) => d.code)).toEqual([Codes.LineTooLong]);
  });

  test('a line with more fields than the cap is one USE021 error', () => {
    const r = parseUseImport(`smime-state:a@b.com${';keystate:0'.repeat(Limits.maxFields + 5)}\n#####`);
    expect(r.diagnostics.map((d) => d.code)).toEqual([Codes.TooManyFields]);
  });

  test('diagnostics stop at the cap and one USE022 error counts the rest', () => {
    const lines = Array.from({ length: 2_500 }, (_, i) => `bogus${i}:x`);
    const r = parseUseImport(`${lines.join('\n')}\n#####\n`);
    expect(r.diagnostics).toHaveLength(Limits.maxDiagnostics + 1);
    const more = r.diagnostics.find((d) => d.code === Codes.TooManyDiagnostics)!;
    expect(more).toMatchObject({ severity: 'error', line: Limits.maxDiagnostics + 1 });
    expect(more.message).toContain('1,500 more');
  });

  test('when only warnings were cut, the summary is a warning', () => {
    const lines = Array.from({ length: 1_200 }, () => 'pgp-state:a@b.com;keystate:0');
    const r = parseUseImport(`${lines.join('\n')}\n#####\n`);
    const more = r.diagnostics.find((d) => d.code === Codes.TooManyDiagnostics)!;
    expect(more.severity).toBe('warning');
    expect(r.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  test('the stream drops an over-long line without keeping it, also across small chunks', async () => {
    const bytes = new TextEncoder().encode(
      `group:a@b.com;g\n${'é;'.repeat(200_000)}\r\ngroup:c@b.com;g\n#####\n`,
    );
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 4093) chunks.push(bytes.slice(at, at + 4093));
    const r = await streamed(chunks);
    expect(r.entries).toBe(2);
    expect(r.diagnostics.map((d) => [d.line, d.code])).toEqual([[2, Codes.LineTooLong]]);
    expect(parseUseImportBytes(bytes).diagnostics.map((d) => [d.line, d.code])).toEqual([
      [2, Codes.LineTooLong],
    ]);
  });

  test('lines of many colon-less fields and half a million error lines still parse', () => {
    const many = `smime-state:a@b.com${';x'.repeat(Limits.maxFields - 2)}`;
    expect(parseUseImport(`${many}\n#####`).diagnostics.length).toBeGreaterThan(0);
    const r = parseUseImport(';\n'.repeat(500_000));
    expect(r.diagnostics.length).toBe(Limits.maxDiagnostics + 2); // + USE022 + USE012
  });
});
