import { describe, expect, test } from 'vitest';
import { maskUploadedFile, maskUploadLine } from '../src/index.js';
import { ruleBytes, useBytes } from './fixtures.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

describe('maskUploadedFile', () => {
  test('masks the passphrase of the manual example and keeps every other byte', () => {
    const m = maskUploadedFile({ name: 'x.useimport', kind: 'useimport', bytes: useBytes });
    expect(m.masked).toBe(true);
    expect(dec(m.content)).toBe(dec(useBytes).replace('passphrase:123456;', 'passphrase:••••••;'));
  });

  test('masks the swm password of the manual rule example', () => {
    const m = maskUploadedFile({ name: 'x.ruleimport', kind: 'ruleimport', bytes: ruleBytes });
    expect(dec(m.content)).toBe(dec(ruleBytes).replace('swm:PA$$WORT', 'swm:••••••'));
  });

  test('a file without secrets is attached byte for byte', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc('group:a.com;g\r\nxx\xff\r\n#####\r\n')]);
    const m = maskUploadedFile({ name: 'x', kind: 'useimport', bytes });
    expect(m.masked).toBe(false);
    expect(m.content).toBe(bytes);
  });

  test('line ends and a BOM survive masking', () => {
    const text = '\uFEFFpassphrase:geheim;smimeimport\r\ngroup:a.com;g\r#####\n';
    const m = maskUploadedFile({ name: 'x', kind: 'useimport', bytes: enc(text) });
    expect(dec(m.content)).toBe('\uFEFFpassphrase:••••••;smimeimport\r\ngroup:a.com;g\r#####\n');
  });

  test.each([
    ['*;x.com;swm:geheim', '*;x.com;swm:••••••'],
    ['*;x.com;fe swm:geheim', '*;x.com;fe swm:••••••'],
    ['*;x.com;SWM = geheim;fe', '*;x.com;SWM:••••••;fe'],
    ['*;x.com;swm;geheim', '*;x.com;swm;••••••'],
    ['*;x.com;swm;fe', '*;x.com;swm;fe'],
  ])('rule line %j is shown as %j', (raw, shown) => {
    expect(maskUploadLine('ruleimport', raw)).toBe(shown);
    expect(maskUploadLine('ruleimport', raw)).not.toContain('geheim');
  });
});
