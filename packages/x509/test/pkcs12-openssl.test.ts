import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret } from '@usesync/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildPkcs12,
  certificateToPem,
  keyMatchesCertificate,
  LEGACY_CONVERSION_COMMAND,
  type Pkcs12Opened,
  type Pkcs12ReadResult,
  privateKeyToPkcs8Pem,
  readPkcs12,
  X509Codes,
} from '../src/index.js';
import { type Issued, issueFor } from './helpers/fixtures.js';
import { hasOpenssl, openssl, shell, tempDir } from './helpers/openssl.js';

// A non-ASCII passphrase checks both encodings: UTF-8 for PBKDF2, UTF-16 (BMP) for the MAC.
const PASS = 'Grüezi-€-pass';
const env = { P12PASS: PASS };
const passIn = ['-passin', 'env:P12PASS'];
const passOut = ['-passout', 'env:P12PASS'];

let dir: { path: string; remove: () => void };
let rsa: Issued;
let ec: Issued;

function opened(result: Pkcs12ReadResult): Pkcs12Opened {
  if (!result.ok) throw new Error(`expected the file to open: ${result.diagnostic.message}`);
  return result;
}

/** Writes key, certificate and CA as PEM files for `openssl pkcs12 -export`. */
function writePems(name: string, issued: Issued): { key: string; cert: string; ca: string } {
  const files = {
    key: join(dir.path, `${name}.key`),
    cert: join(dir.path, `${name}.crt`),
    ca: join(dir.path, `${name}-ca.crt`),
  };
  writeFileSync(files.key, privateKeyToPkcs8Pem(issued.key), { mode: 0o600 });
  writeFileSync(files.cert, certificateToPem(issued.certificate));
  writeFileSync(files.ca, issued.ca.pem);
  return files;
}

async function opensslExport(name: string, issued: Issued, extra: string[] = []): Promise<Uint8Array> {
  const f = writePems(name, issued);
  const out = join(dir.path, `${name}.p12`);
  const run = await openssl(
    [
      'pkcs12',
      '-export',
      '-inkey',
      f.key,
      '-in',
      f.cert,
      '-certfile',
      f.ca,
      '-name',
      name,
      '-out',
      out,
      ...passOut,
      ...extra,
    ],
    { env },
  );
  expect(run.code, run.stderr).toBe(0);
  return new Uint8Array(readFileSync(out));
}

beforeAll(async () => {
  dir = tempDir();
  rsa = await issueFor('rsa@example.com', 'RSA-2048', '01aa');
  ec = await issueFor('ec@example.com', 'EC-P384', '01bb', rsa.ca);
});

afterAll(() => dir?.remove());

describe.skipIf(!hasOpenssl)('OpenSSL reads what buildPkcs12 writes', () => {
  test.each(['rsa', 'ec'] as const)(
    'openssl pkcs12 -info reads a %s file and shows PBES2 AES-256, SHA-256 MAC',
    async (which) => {
      const issued = which === 'rsa' ? rsa : ec;
      const p12 = await buildPkcs12({
        key: issued.key,
        certificate: issued.certificate,
        chain: [issued.ca.der],
        passphrase: new Secret(PASS),
        friendlyName: `${which}@example.com`,
        iterations: 2048,
      });
      const file = join(dir.path, `ours-${which}.p12`);
      writeFileSync(file, p12);
      const info = await openssl(['pkcs12', '-info', '-noout', '-in', file, ...passIn], { env });
      expect(info.code, info.stderr).toBe(0);
      expect(info.stderr).toContain('MAC: sha256, Iteration 2048');
      expect(info.stderr).toContain(
        'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256',
      );
      expect(info.stderr).toContain(
        'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256',
      );

      const dump = await openssl(['pkcs12', '-in', file, '-nodes', ...passIn], { env });
      expect(dump.code, dump.stderr).toBe(0);
      const text = dump.stdout.toString();
      expect(text).toContain(`friendlyName: ${which}@example.com`);
      expect(text).toContain(privateKeyToPkcs8Pem(issued.key).trim());
      expect(text).toContain(certificateToPem(issued.certificate).trim());
      expect(text).toContain(issued.ca.pem.trim());
    },
  );

  test('the default iteration count is 100 000 for PBKDF2 and the MAC', async () => {
    const p12 = await buildPkcs12({
      key: rsa.key,
      certificate: rsa.certificate,
      passphrase: new Secret(PASS),
    });
    const file = join(dir.path, 'ours-default.p12');
    writeFileSync(file, p12);
    const info = await openssl(['pkcs12', '-info', '-noout', '-in', file, ...passIn], { env });
    expect(info.code, info.stderr).toBe(0);
    expect(info.stderr).toContain('MAC: sha256, Iteration 100000');
    expect(info.stderr).toContain('AES-256-CBC, Iteration 100000, PRF hmacWithSHA256');
  });

  test('openssl refuses our file with a wrong passphrase', async () => {
    const p12 = await buildPkcs12({
      key: ec.key,
      certificate: ec.certificate,
      passphrase: new Secret(PASS),
      iterations: 2048,
    });
    const file = join(dir.path, 'ours-wrong.p12');
    writeFileSync(file, p12);
    const info = await openssl(['pkcs12', '-info', '-noout', '-in', file, '-passin', 'env:WRONG'], {
      env: { WRONG: 'nope' },
    });
    expect(info.code).not.toBe(0);
    expect(info.stderr).toMatch(/mac verify error/i);
  });
});

describe.skipIf(!hasOpenssl)('readPkcs12 reads what OpenSSL 3 writes', () => {
  test.each(['rsa', 'ec'] as const)(
    'a default openssl pkcs12 -export file with a %s key and its chain',
    async (which) => {
      const issued = which === 'rsa' ? rsa : ec;
      const p12 = await opensslExport(`default-${which}`, issued);
      const result = opened(
        await readPkcs12(p12, { defaultPassphrase: new Secret('not-it'), passphrases: [new Secret(PASS)] }),
      );
      expect(result.openedWith).toEqual({ source: 'list', index: 0 });
      expect(result.certificate.fingerprintSha256).toBe(
        opened(await readPkcs12(p12, { passphrases: [new Secret(PASS)] })).certificate.fingerprintSha256,
      );
      expect(keyMatchesCertificate(result.key, issued.certificate)).toBe(true);
      expect(result.key.algorithm).toEqual(issued.key.algorithm);
      expect(result.chain.map((c) => c.subjectDn)).toEqual(['CN=usesync Test CA, O=usesync tests, C=CH']);
    },
  );

  test('a PKCS#12 SHA-1 3DES file (old Windows / OpenSSL 1.1 style) is supported', async () => {
    const p12 = await opensslExport('tripledes', rsa, [
      ...'-keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1'.split(' '),
    ]);
    const result = opened(await readPkcs12(p12, { passphrases: [new Secret('not-it'), new Secret(PASS)] }));
    expect(result.openedWith).toEqual({ source: 'list', index: 1 });
    expect(keyMatchesCertificate(result.key, rsa.certificate)).toBe(true);
  });

  test('a PBES2 file with 3DES-CBC instead of AES is rejected as legacy, with the conversion command', async () => {
    const p12 = await opensslExport(
      'pbes2-3des',
      ec,
      '-keypbe DES-EDE3-CBC -certpbe DES-EDE3-CBC'.split(' '),
    );
    const result = await readPkcs12(p12, { passphrases: [new Secret(PASS)] }, { fileName: 'old.p12' });
    expect(result).toMatchObject({ ok: false, diagnostic: { code: X509Codes.LegacyPkcs12 } });
    if (!result.ok) expect(result.diagnostic.hint).toContain(LEGACY_CONVERSION_COMMAND);
  });

  test('an OpenSSL -legacy (RC2) file is rejected with the conversion command, which works', async () => {
    const p12 = await opensslExport('old', rsa, ['-legacy']);
    const result = await readPkcs12(p12, { passphrases: [new Secret(PASS)] }, { fileName: 'old.p12' });
    expect(result).toMatchObject({ ok: false, diagnostic: { code: X509Codes.LegacyPkcs12 } });
    if (result.ok) return;
    expect(result.diagnostic.message).toBe(
      '"old.p12" uses legacy RC2-40 encryption (OpenSSL -legacy or an old export), which usesync does not read.',
    );
    expect(result.diagnostic.hint).toContain(LEGACY_CONVERSION_COMMAND);
    writeFileSync(join(dir.path, 'old.p12'), p12);
    const run = await shell(LEGACY_CONVERSION_COMMAND, { cwd: dir.path, env });
    expect(run.code, run.stderr).toBe(0);
    const converted = new Uint8Array(readFileSync(join(dir.path, 'new.p12')));
    expect(
      keyMatchesCertificate(
        opened(await readPkcs12(converted, { passphrases: [new Secret(PASS)] })).key,
        rsa.certificate,
      ),
    ).toBe(true);
  });

  test('an unencrypted file with a MAC opens only with the right passphrase, one without a MAC opens as is', async () => {
    const withMac = await opensslExport('plain-mac', ec, ['-keypbe', 'NONE', '-certpbe', 'NONE']);
    expect(
      opened(await readPkcs12(withMac, { passphrases: [new Secret('x'), new Secret(PASS)] })).openedWith,
    ).toEqual({
      source: 'list',
      index: 1,
    });
    expect(await readPkcs12(withMac, { passphrases: [new Secret('x')] })).toMatchObject({
      ok: false,
      diagnostic: { code: X509Codes.Pkcs12Locked },
    });
    const bare = await opensslExport('plain-bare', ec, ['-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac']);
    expect(opened(await readPkcs12(bare, { passphrases: [] })).openedWith).toEqual({ source: 'unprotected' });
  });

  test('a file without a private key is reported as such', async () => {
    const f = writePems('nokey', ec);
    const out = join(dir.path, 'nokey.p12');
    const run = await openssl(['pkcs12', '-export', '-nokeys', '-in', f.cert, '-out', out, ...passOut], {
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    const result = await readPkcs12(new Uint8Array(readFileSync(out)), { passphrases: [new Secret(PASS)] });
    expect(result).toMatchObject({ ok: false, diagnostic: { code: X509Codes.Pkcs12NoKey } });
  });
});
