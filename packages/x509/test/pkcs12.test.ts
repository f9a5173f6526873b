import { inspect } from 'node:util';
import { Secret } from '@usesync/domain';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildPkcs12,
  keyMatchesCertificate,
  type Pkcs12Opened,
  type Pkcs12ReadResult,
  readPkcs12,
  readPkcs12Files,
  X509Codes,
} from '../src/index.js';
import { generatePrivateKey } from '../src/private-key.js';
import { type Issued, issueFor } from './helpers/fixtures.js';

// Low iteration counts keep the tests fast; the default (100 000) is covered in the OpenSSL tests.
const FAST = { iterations: 2048 };
const secrets = (...texts: string[]) => texts.map((t) => new Secret(t));

let alice: Issued;
let aliceP12: Uint8Array;

beforeAll(async () => {
  alice = await issueFor('alice@example.com', 'EC-P256', '0a11ce');
  aliceP12 = await buildPkcs12({
    key: alice.key,
    certificate: alice.certificate,
    chain: [alice.ca.der],
    passphrase: new Secret('list-two'),
    friendlyName: 'alice@example.com',
    ...FAST,
  });
});

function opened(result: Pkcs12ReadResult): Pkcs12Opened {
  if (!result.ok) throw new Error(`expected the file to open: ${result.diagnostic.message}`);
  return result;
}

describe('buildPkcs12 and readPkcs12', () => {
  test('round-trip key, certificate and chain', async () => {
    const result = opened(
      await readPkcs12(aliceP12, { defaultPassphrase: new Secret('list-two'), passphrases: [] }),
    );
    expect(result.certificate.serial).toBe('a11ce');
    expect(result.chain.map((c) => c.isCa)).toEqual([true]);
    expect(keyMatchesCertificate(result.key, alice.certificate)).toBe(true);
    expect(result.openedWith).toEqual({ source: 'default' });
  });

  test('try the default passphrase first, then the list in order, and keep which one opened out of JSON', async () => {
    const result = opened(
      await readPkcs12(aliceP12, {
        defaultPassphrase: new Secret('the-default'),
        passphrases: secrets('list-one', 'list-two', 'list-two'),
      }),
    );
    expect(result.openedWith).toEqual({ source: 'list', index: 1 });
    expect(Object.keys(result)).not.toContain('openedWith');
    expect(JSON.stringify(result)).not.toContain('openedWith');
    expect(inspect(result)).not.toContain('index');
  });

  test('wrong passphrases give one diagnostic that names no passphrase', async () => {
    const tried = secrets('alpha-secret', 'beta-secret', 'gamma-secret');
    const result = await readPkcs12(
      aliceP12,
      { defaultPassphrase: new Secret('default-secret'), passphrases: tried },
      { fileName: 'alice.p12' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostic).toMatchObject({
      severity: 'error',
      code: X509Codes.Pkcs12Locked,
      line: 1,
      column: 1,
    });
    expect(result.diagnostic.message).toBe(
      'Cannot open "alice.p12": neither the default passphrase nor any passphrase from the passphrase list opens it.',
    );
    expect((result.diagnostic.message + (result.diagnostic.hint ?? '')).replace(/p12/gi, '')).not.toMatch(
      /\d/,
    );
    const shown = JSON.stringify(result) + inspect(result, { depth: 10 });
    for (const text of ['alpha', 'beta', 'gamma', 'default-secret', 'list-two'])
      expect(shown).not.toContain(text);
  });

  test('say so when no passphrase is configured at all', async () => {
    const result = await readPkcs12(aliceP12, { passphrases: [] });
    expect(result).toMatchObject({ ok: false, diagnostic: { code: X509Codes.Pkcs12Locked } });
    if (!result.ok) expect(result.diagnostic.message).toContain('no import passphrase is configured');
  });

  test('report a file that is not PKCS#12', async () => {
    const result = await readPkcs12(
      new TextEncoder().encode('hello'),
      { passphrases: secrets('x') },
      { fileName: 'x.p12' },
    );
    expect(result).toMatchObject({
      ok: false,
      diagnostic: {
        code: X509Codes.NotPkcs12,
        message: '"x.p12" is not a PKCS#12 file (.p12/.pfx), or it is damaged.',
      },
    });
  });

  test('report a file whose MAC does not verify as damaged', async () => {
    const damaged = aliceP12.slice();
    // The MAC salt ends just before the INTEGER iterations (02 02 08 00) at the very end.
    const at = damaged.byteLength - 5;
    damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    const result = await readPkcs12(damaged, { passphrases: secrets('list-two') });
    expect(result).toMatchObject({ ok: false, diagnostic: { code: X509Codes.Pkcs12Damaged } });
  });

  test('readPkcs12Files gives one result per file, in input order', async () => {
    const results = await readPkcs12Files(
      [
        { name: 'alice.p12', bytes: aliceP12 },
        { name: 'junk.p12', bytes: new Uint8Array([0x30, 0x80]) },
        { name: 'locked.p12', bytes: aliceP12 },
      ],
      { passphrases: secrets('list-two') },
    );
    expect(results.map((r) => [r.name, r.result.ok])).toEqual([
      ['alice.p12', true],
      ['junk.p12', false],
      ['locked.p12', true],
    ]);
    const locked = await readPkcs12Files([{ name: 'locked.p12', bytes: aliceP12 }], {
      passphrases: secrets('nope'),
    });
    expect(locked.map((r) => (r.result.ok ? 'ok' : r.result.diagnostic.code))).toEqual([
      X509Codes.Pkcs12Locked,
    ]);
  });
});

describe('buildPkcs12 refuses', () => {
  test('a key that does not belong to the certificate', async () => {
    const other = await generatePrivateKey('EC-P256');
    await expect(
      buildPkcs12({ key: other, certificate: alice.certificate, passphrase: new Secret('p'), ...FAST }),
    ).rejects.toMatchObject({ code: 'X509_KEY_MISMATCH' });
  });

  test('an empty passphrase', async () => {
    await expect(
      buildPkcs12({ key: alice.key, certificate: alice.certificate, passphrase: new Secret(''), ...FAST }),
    ).rejects.toMatchObject({ code: 'X509_EMPTY_PASSPHRASE' });
  });

  test.each([0, 999, 1.5, 20_000_000])('%d iterations', async (iterations) => {
    await expect(
      buildPkcs12({
        key: alice.key,
        certificate: alice.certificate,
        passphrase: new Secret('p'),
        iterations,
      }),
    ).rejects.toMatchObject({ code: 'X509_BAD_OPTION' });
  });

  test('errors that never contain the passphrase', async () => {
    const other = await generatePrivateKey('EC-P256');
    const error = await buildPkcs12({
      key: other,
      certificate: alice.certificate,
      passphrase: new Secret('very-secret-pass'),
      ...FAST,
    }).catch((e: unknown) => e);
    expect(inspect(error, { depth: 10 })).not.toContain('very-secret-pass');
  });
});
