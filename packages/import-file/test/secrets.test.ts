import { describe, expect, test } from 'vitest';
import { displayLine, parseUseImport, parseUseImportBytes } from '../src/index.js';

const secret = 'Zq7!x-Hunter:42';

/** Every rendering of a file: diagnostics as JSON (messages, hints) and each line's display. */
function renderings(text: string): string {
  const r = parseUseImport(text);
  const b = parseUseImportBytes(new TextEncoder().encode(text));
  return [JSON.stringify(r), JSON.stringify(b.diagnostics), ...text.split('\n').map(displayLine)].join('\n');
}

describe('secrets in malformed lines', () => {
  test.each([
    [`passphrase=${secret};smimeimport`, `passphrase=••••••;smimeimport`],
    [`passphrase ${secret};smimeimport`, `passphrase ••••••;smimeimport`],
    [`pass-phrase;${secret};smimeimport`, `pass-phrase;••••••;smimeimport`],
    [`Kennwort:${secret}`, `Kennwort:••••••`],
    [`Passwort : ${secret} ; smimeimport`, `Passwort ••••••; smimeimport`],
    [`${secret};smimeimport`, `••••••;smimeimport`],
    [`smime-state:a@b.com;passphrase:${secret};keystate:1`, `smime-state:a@b.com;••••••`],
    [`smime-state:a@b.com;name:A B;passphrase ${secret}`, `smime-state:a@b.com;••••••`],
    [`option:a@b.com;passphrase:${secret}`, `option:a@b.com;••••••`],
    [`smime-state:a@b.com passphrase:${secret};keystate:1`, `smime-state:••••••`],
  ])('%s is shown as %s and never quoted', (line, shown) => {
    expect(displayLine(line)).toBe(shown);
    const all = renderings(`${line}\n#####\n`);
    expect(parseUseImport(`${line}\n#####`).diagnostics.length).toBeGreaterThan(0);
    expect(all).not.toContain(secret);
    expect(all).not.toContain('Hunter');
  });

  test('valid lines without secrets are shown as they are', () => {
    for (const l of [
      'smime-state:passmann@b.com;name:Tom Passmann;teamcert:0;keystate:1',
      'group:a@b.com;g',
      'option:RCR 1;action-id',
    ])
      expect(displayLine(l)).toBe(l);
  });

  test('messages on a secret-bearing line quote only labels and the format’s own words', () => {
    const ds = parseUseImport(`smime-state:a@b.com;passphrase:${secret};keystate:7\n#####`).diagnostics;
    expect(ds.map((d) => d.message).join('\n')).toMatchInlineSnapshot(`
      "unknown sub-identifier \`passphrase\` on a \`smime-state\` line
      \`keystate\` must be 0 or 1, not \`••••••\`"
    `);
  });
});
