import type { Diagnostic } from '@usesync/domain';
import { describe, expect, test } from 'vitest';
import { parseUseImportBytes, parseUseImportStream, type UseImportEntry } from '../src/index.js';

const enc = (s: string) => new TextEncoder().encode(s);

async function streamed(chunks: Iterable<Uint8Array>) {
  const diagnostics: Diagnostic[] = [];
  const entries: UseImportEntry[] = [];
  for await (const ev of parseUseImportStream(chunks)) {
    if (ev.type === 'batch') entries.push(...ev.entries);
    diagnostics.push(...ev.diagnostics);
  }
  return { entries, diagnostics };
}

function byteChunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.slice(at, at + size));
  return out;
}

const key = (d: Diagnostic) => `${d.line}:${d.column}:${d.code}`;

describe('the streaming parser agrees with the whole-file parser', () => {
  test.each([1, 2, 3, 7, 1 << 16])(
    'a real U+FFFD in valid UTF-8 is text, not TXT001 (chunks of %i)',
    async (n) => {
      const bytes = enc('pgp-state:a@b.com;keystate:1;name:Ann \uFFFD Lee\n#####\n');
      const whole = parseUseImportBytes(bytes);
      const s = await streamed(byteChunks(bytes, n));
      expect(whole.diagnostics).toEqual([]);
      expect(s.diagnostics).toEqual([]);
      expect(s.entries).toEqual(whole.value.entries);
    },
  );

  test.each([1, 2, 5, 1 << 16])('a bad byte is TXT001 at its column in both (chunks of %i)', async (n) => {
    const bytes = Uint8Array.from([
      ...enc('\uFEFF\uFEFFgroup:a@b.com;g\ngroup:\uFFFDx@b.com;'),
      0xfc,
      ...enc('g\n#####'),
    ]);
    const whole = parseUseImportBytes(bytes).diagnostics.map(key).sort();
    const s = (await streamed(byteChunks(bytes, n))).diagnostics.map(key).sort();
    expect(s).toEqual(whole);
    expect(whole).toContain('2:16:TXT001');
  });

  test.each([1, 3, 1 << 16])('columns after a double BOM are the same (chunks of %i)', async (n) => {
    const bytes = enc('\uFEFF\uFEFFsmime-state:a@b.com;nmae:A;keystate:0\n#####\n');
    const whole = parseUseImportBytes(bytes).diagnostics.map(key);
    const s = (await streamed(byteChunks(bytes, n))).diagnostics.map(key);
    expect(whole).toEqual(['1:21:USE004']);
    expect(s).toEqual(whole);
  });

  test('a CRLF split between chunks is one line break', async () => {
    const bytes = enc('group:a@b.com;g\r\ngroup:b@b.com;g\r\n#####\r\n');
    for (let n = 1; n < 20; n++) {
      const s = await streamed(byteChunks(bytes, n));
      expect(s.entries.map((e) => e.line)).toEqual([1, 2]);
      expect(s.diagnostics).toEqual([]);
    }
  });
});
