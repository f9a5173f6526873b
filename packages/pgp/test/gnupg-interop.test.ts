import { execFile, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '@usesync/domain';
import { decrypt, decryptKey, readMessage, readPrivateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GeneratedPgpKey, PgpKeyPool, type PgpKeyRequest, pgpKeyFromRsa } from '../src/index.js';

/** RSA material as a key pool holds it: PKCS#8 DER from OpenSSL. */
const rsaDer = (bits: number): Uint8Array =>
  generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ type: 'pkcs8', format: 'der' });

// GnuPG is an independent checker of what we generate. `.ci/run` installs it; skip loudly if absent.
const hasGpg = spawnSync('gpg', ['--version']).status === 0;
const title = hasGpg ? 'GnuPG interop' : 'GnuPG interop (SKIPPED: gpg is not installed)';

const now = new Date('2026-06-01T09:00:00.000Z');
const passphrase = new Secret('interop-passphrase');
const cases: {
  label: string;
  request: PgpKeyRequest;
  engine: 'node' | 'openpgp' | 'pooled';
  weak?: boolean;
}[] = [
  {
    label: 'RSA-2048',
    engine: 'node',
    request: { address: 'rsa2048@example.com', name: 'Rsa Two', keyLength: 2048, now },
  },
  {
    label: 'RSA-2048 with passphrase',
    engine: 'node',
    request: {
      address: 'locked@example.com',
      name: 'Locked',
      comment: 'Retarus Key',
      keyLength: 2048,
      passphrase,
      now,
    },
  },
  {
    label: 'RSA-2048 (openpgp engine)',
    engine: 'openpgp',
    request: { address: 'native@example.com', name: 'Native', keyLength: 2048, now },
  },
  {
    label: 'RSA-4096',
    engine: 'node',
    request: { address: 'rsa4096@example.com', name: 'Rsa Four', keyLength: 4096, now },
  },
  {
    label: 'RSA-3072 from pooled material, with passphrase',
    engine: 'pooled',
    request: { address: 'pooled@example.com', name: 'Pooled', keyLength: 3072, passphrase, now },
  },
  {
    label: 'RSA-1024 (weak policy)',
    engine: 'node',
    weak: true,
    request: { address: 'weak@example.com', name: 'Weak', keyLength: 1024, now },
  },
  {
    label: 'Curve25519 with passphrase',
    engine: 'node',
    request: {
      address: 'ecc@example.com',
      name: 'Ecc',
      keyType: 'Curve25519',
      validity: { amount: 11, unit: 'y' },
      passphrase,
      now,
    },
  },
];

function gpg(home: string, args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'gpg',
      ['--homedir', home, '--batch', '--no-tty', ...args],
      (err, stdout, stderr) =>
        err ? reject(new Error(`gpg ${args[0]} failed: ${stderr}`)) : resolve({ stdout, stderr }),
    );
    // gpg may exit without reading stdin (e.g. --import FILE): ignore the broken pipe then.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

describe.skipIf(!hasGpg)(title, () => {
  let home = '';
  const keys = new Map<string, GeneratedPgpKey>();

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'usesync-gpg-'));
    await using pool = new PgpKeyPool({ size: 2 });
    await using openpgpPool = new PgpKeyPool({ size: 1, engine: 'openpgp' });
    const made = await Promise.all(
      cases.map((c) =>
        c.engine === 'openpgp'
          ? openpgpPool.generate(c.request)
          : c.engine === 'pooled'
            ? pgpKeyFromRsa(c.request, { primary: rsaDer(3072), subkey: rsaDer(3072) })
            : pool.generate(c.request, { minRsaBits: c.weak ? 1024 : 2048 }),
      ),
    );
    for (const [i, c] of cases.entries()) keys.set(c.label, made[i]!);
  });

  afterAll(() => {
    if (home === '') return;
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'all']);
    rmSync(home, { recursive: true, force: true });
  });

  test.each(cases.map((c) => c.label))('gpg imports the %s public and secret key', async (label) => {
    const key = keys.get(label)!;
    const pub = join(home, `${key.info.keyId}.pub.asc`);
    const sec = join(home, `${key.info.keyId}.sec.asc`);
    writeFileSync(pub, key.publicKeyArmored);
    writeFileSync(sec, key.privateKeyArmored.reveal(), { mode: 0o600 });
    await gpg(home, ['--import', pub]);
    const { stderr } = await gpg(home, ['--import', sec]);
    expect(stderr).toMatch(/secret keys imported: 1|secret keys unchanged: 1/);
    const { stdout } = await gpg(home, ['--with-colons', '--list-secret-keys', key.info.fingerprint]);
    expect(stdout).toContain(`fpr:::::::::${key.info.fingerprint}:`);
    expect(stdout).toContain(key.info.subkeys[0]!.fingerprint);
  });

  test.each(cases.map((c) => c.label))(
    'gpg encrypts to the %s key and openpgp.js decrypts',
    async (label) => {
      const key = keys.get(label)!;
      const address = key.info.addresses[0]!;
      const text = `Hello ${address}, from GnuPG.\n`;
      const { stdout: armoredMessage } = await gpg(
        home,
        ['--trust-model', 'always', '--armor', '--encrypt', '--recipient', address],
        text,
      );
      let privateKey = await readPrivateKey({ armoredKey: key.privateKeyArmored.reveal() });
      if (!privateKey.isDecrypted())
        privateKey = await decryptKey({ privateKey, passphrase: passphrase.reveal() });
      const { data } = await decrypt({
        message: await readMessage({ armoredMessage }),
        decryptionKeys: privateKey,
        config: { minRSABits: 1024 },
      });
      expect(data).toBe(text);
    },
  );
});
