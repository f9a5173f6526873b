import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { maskUploadedFile } from '../src/mask-upload.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

const secret = fc
  .stringMatching(/^[A-Za-z0-9!$%&*+.?@^_~-][A-Za-z0-9!$%&*+.?@^_~:-]{9,23}$/)
  .filter((s) => /[A-Za-z]/.test(s) && /[0-9]/.test(s) && new Set(s).size > 5);

const useShapes = [
  (s: string) => `passphrase=${s};smimeimport`,
  (s: string) => `passphrase ${s};smimeimport`,
  (s: string) => `pass-phrase;${s};smimeimport`,
  (s: string) => `Kennwort:${s}`,
  (s: string) => `passphrase:${s}`,
  (s: string) => `smime-state:a@b.com;passphrase:${s};keystate:1`,
  (s: string) => `option:a@b.com;passphrase:${s}`,
  (s: string) => `${s};smimeimport`,
];
const ruleShapes = [
  (s: string) => `*;*;swm=${s}`,
  (s: string) => `*;*;swm-${s}`,
  (s: string) => `*;*;swm_${s}`,
  (s: string) => `*;*;fs:${s}`,
  (s: string) => `*;*;se;swm ${s}`,
  (s: string) => `*;*;fe swm:${s}`,
  (s: string) => `*;*;swm;${s}`,
];

describe('masked upload attachments (property)', () => {
  test('a random secret in any malformed position never reaches the attachment', () => {
    fc.assert(
      fc.property(
        secret,
        fc.boolean(),
        fc.nat(),
        fc.constantFrom('\n', '\r\n', '\r'),
        (s, rules, pick, eol) => {
          const shapes = rules ? ruleShapes : useShapes;
          const line = shapes[pick % shapes.length]!(s);
          const text = rules
            ? ['*;*;se', line, '#####'].join(eol)
            : ['group:a@b.com;g', line, '#####'].join(eol);
          const m = maskUploadedFile({
            name: 'x',
            kind: rules ? 'ruleimport' : 'useimport',
            bytes: enc(text),
          });
          expect(m.masked).toBe(true);
          expect(dec(m.content)).not.toContain(s);
          expect(dec(m.content).split(eol)).toHaveLength(3);
        },
      ),
      { seed: 13, numRuns: 2_000 },
    );
  });
});
