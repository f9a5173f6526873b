import { execFile, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTenantConfig } from '@usesync/config';
import { applyPlan, checkInputs, planSync, runKeyOf } from '@usesync/executor';
import { generatePgpKey, type KeyPolicy, type PgpKeyRequest } from '@usesync/pgp';
import { KeyEncryptionKey, type KeyPoolingStore, openSqliteStore } from '@usesync/store';
import { type SimulatorHandle, SwissSignClient, startSimulator } from '@usesync/swisssign';
import { readKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KeyPool } from '../src/index.js';

// The executor with a key pool against the SwissSign simulator, then GnuPG and OpenSSL as
// independent checkers of what came out of the pool.
const TENANT = '12345TE';
const NOW = new Date('2026-11-27T16:00:00Z');
const hasGpg = spawnSync('gpg', ['--version']).status === 0;
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

const SMIME = 6;
const PGP = 3;
const POOLED_EC = 4; // 2 S/MIME keys are generated on demand
const POOLED_RSA = 4; // 2 PGP keys (primary + subkey each); the third on demand

/** The SubjectPublicKeyInfo of a private key, for comparing with certificates and PGP keys. */
const spkiOf = (pkcs8: Uint8Array): string =>
  createPublicKey(createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }))
    .export({ type: 'spki', format: 'der' })
    .toString('base64');
const der = (type: 'ec' | 'rsa'): Uint8Array =>
  (type === 'ec'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 })
  ).privateKey.export({ type: 'pkcs8', format: 'der' });

function run(cmd: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      err ? reject(new Error(`${cmd} ${args[0]} failed: ${stderr}`)) : resolve(stdout),
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

let sim: SimulatorHandle;
let store: KeyPoolingStore;
let pool: KeyPool;
let dir: string;
const pooledEc: Uint8Array[] = [];
const pooledRsa: Uint8Array[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'usesync-pool-'));
  sim = await startSimulator({ progression: { polls: 0 }, now: () => NOW });
  store = openSqliteStore({ file: ':memory:', kek: KeyEncryptionKey.generate() });
  pool = new KeyPool({ store: store.keyPool });
  for (let i = 0; i < POOLED_EC; i++) pooledEc.push(der('ec'));
  for (let i = 0; i < POOLED_RSA; i++) pooledRsa.push(der('rsa'));
  await store.keyPool.add('ec-p256', pooledEc);
  await store.keyPool.add('rsa-2048', pooledRsa);

  const base = defaultTenantConfig(TENANT);
  const config = {
    ...base,
    pgp: { ...base.pgp, defaultKeyLength: 2048 as const },
    smime: {
      ...base.smime,
      keyAlgorithm: 'ECDSA-P256' as const,
      products: { personal: sim.products.personal.name, team: sim.products.team.name },
      subject: { ...base.smime.subject, organization: 'Company AG', country: 'CH' },
    },
  };
  const lines = [
    ...Array.from(
      { length: PGP },
      (_, i) => `pgp-state:p${i}@company.com;name:Pgp ${i};keystate:1;keylength:2048`,
    ),
    ...Array.from(
      { length: SMIME },
      (_, i) =>
        `smime-state:u${i}@company.com;name:User ${i};firstname:User;lastname:Number${i};keystate:1;teamcert:0`,
    ),
    '#####',
    '',
  ];
  const inputs = checkInputs([
    {
      name: `${TENANT}_use_import_2026-11-27_1600.useimport`,
      bytes: new TextEncoder().encode(lines.join('\n')),
    },
  ]);
  const plan = await planSync(store, config, inputs, { now: NOW });
  const ca = new SwissSignClient({
    baseUrl: sim.url,
    userName: sim.account,
    apiKey: sim.apiKey,
    products: config.smime.products,
    rateLimit: false,
    poll: { initialDelayMs: 10, maxDelayMs: 100, maxWaitMs: 10_000 },
  });
  const deps = {
    store,
    ca,
    pgp: { generate: (r: PgpKeyRequest, policy?: KeyPolicy) => generatePgpKey(r, policy ? { policy } : {}) },
    keyPool: pool,
  };
  const outcome = await applyPlan(deps, config, plan, { now: NOW, runKey: runKeyOf(inputs), concurrency: 4 });
  expect(outcome.results.filter((r) => r.status !== 'done')).toEqual([]);
});

afterAll(async () => {
  await store?.close();
  await sim?.close();
  if (dir && hasGpg) spawnSync('gpgconf', ['--homedir', dir, '--kill', 'all']);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the executor with a key pool', () => {
  test('pooled keys are used first, the rest generated on demand, each use recorded once', async () => {
    expect(await store.keyPool.sizes()).toMatchObject({ 'ec-p256': 0, 'rsa-2048': 0 });
    expect(pool.counters.hits.smime['ec-p256']).toBe(POOLED_EC);
    expect(pool.counters.misses.smime['ec-p256']).toBe(SMIME - POOLED_EC);
    expect(pool.counters.hits.pgp['rsa-2048']).toBe(POOLED_RSA / 2);
    expect(pool.counters.misses.pgp['rsa-2048']).toBe(PGP - POOLED_RSA / 2);
    const uses = await store.keyPool.uses(TENANT);
    expect(uses).toHaveLength(POOLED_EC + POOLED_RSA);
    expect(new Set(uses.map((u) => u.id)).size).toBe(uses.length);
  });

  test('a pool key appears in at most one certificate or PGP key, and every used one in exactly one', async () => {
    const certKeys = (await store.listCertificates(TENANT)).map((c) =>
      new X509Certificate(c.certificatePem ?? '').publicKey
        .export({ type: 'spki', format: 'der' })
        .toString('base64'),
    );
    const pgpKeys: string[] = [];
    for (const k of await store.listPgpKeys(TENANT)) {
      const key = await readKey({ armoredKey: k.publicKeyArmored ?? '' });
      for (const packet of [key.keyPacket, ...key.subkeys.map((s) => s.keyPacket)]) {
        const { n } = packet.publicParams as { n: Uint8Array };
        pgpKeys.push(Buffer.from(n).toString('base64'));
      }
    }
    expect(certKeys).toHaveLength(SMIME);
    expect(new Set(certKeys).size).toBe(SMIME);
    expect(new Set(pgpKeys).size).toBe(PGP * 2);
    for (const k of pooledEc) expect(certKeys.filter((c) => c === spkiOf(k))).toHaveLength(1);
    for (const k of pooledRsa) {
      const jwk = createPrivateKey({ key: Buffer.from(k), format: 'der', type: 'pkcs8' }).export({
        format: 'jwk',
      });
      expect(
        pgpKeys.filter((n) => n === Buffer.from(jwk.n ?? '', 'base64url').toString('base64')),
      ).toHaveLength(1);
    }
  });

  test.runIf(hasOpenssl)(
    'OpenSSL opens the archived PKCS#12 of a pooled key and its key matches the certificate',
    async () => {
      const pooled = new Set(pooledEc.map(spkiOf));
      const cert = (await store.listCertificates(TENANT)).find((c) =>
        pooled.has(
          new X509Certificate(c.certificatePem ?? '').publicKey
            .export({ type: 'spki', format: 'der' })
            .toString('base64'),
        ),
      );
      expect(cert).toBeDefined();
      const p12 = await store.getArchivedKey(TENANT, 'smime', cert?.serial ?? '');
      const pass = await store.getArchivedKey(TENANT, 'smime', `${cert?.serial}:passphrase`);
      const file = join(dir, 'pooled.p12');
      writeFileSync(file, p12 ?? new Uint8Array(), { mode: 0o600 });
      const env = { P12PASS: Buffer.from(pass ?? []).toString('utf8') };
      const keyPem = await run(
        'openssl',
        ['pkcs12', '-in', file, '-nocerts', '-nodes', '-passin', 'env:P12PASS'],
        env,
      );
      const certPem = await run(
        'openssl',
        ['pkcs12', '-in', file, '-clcerts', '-nokeys', '-passin', 'env:P12PASS'],
        env,
      );
      const fromKey = await run('openssl', ['pkey', '-pubout'], {}, keyPem);
      const fromCert = await run('openssl', ['x509', '-noout', '-pubkey'], {}, certPem);
      expect(fromKey).toContain('BEGIN PUBLIC KEY');
      expect(fromKey).toBe(fromCert);
    },
  );

  test.runIf(hasGpg)(
    'GnuPG imports a PGP key made from pooled material and decrypts what it encrypted to it',
    async () => {
      const jwk = createPrivateKey({
        key: Buffer.from(pooledRsa[0] ?? []),
        format: 'der',
        type: 'pkcs8',
      }).export({
        format: 'jwk',
      });
      const modulus = Buffer.from(jwk.n ?? '', 'base64url').toString('base64');
      let record: { fingerprint: string; address: string } | undefined;
      for (const k of await store.listPgpKeys(TENANT)) {
        const key = await readKey({ armoredKey: k.publicKeyArmored ?? '' });
        const ns = [key.keyPacket, ...key.subkeys.map((s) => s.keyPacket)].map((p) =>
          Buffer.from((p.publicParams as { n: Uint8Array }).n).toString('base64'),
        );
        if (ns.includes(modulus)) record = k;
      }
      expect(record).toBeDefined();
      const secret = await store.getArchivedKey(TENANT, 'pgp', record?.fingerprint ?? '');
      const gpg = (args: string[], input?: string) =>
        run(
          'gpg',
          ['--homedir', dir, '--batch', '--no-tty', '--pinentry-mode', 'loopback', ...args],
          {},
          input,
        );
      const file = join(dir, 'pooled.sec.asc');
      writeFileSync(file, secret ?? new Uint8Array(), { mode: 0o600 });
      await gpg(['--import', file]);
      const listed = await gpg(['--with-colons', '--list-secret-keys', record?.fingerprint ?? '']);
      expect(listed).toContain(`fpr:::::::::${record?.fingerprint}:`);
      const text = 'from GnuPG to a pooled key\n';
      const armored = await gpg(
        ['--trust-model', 'always', '--armor', '--encrypt', '--recipient', record?.address ?? ''],
        text,
      );
      expect(await gpg(['--decrypt'], armored)).toBe(text);
    },
  );
});
