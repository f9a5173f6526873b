// PKCS#12 build/read timing at the default 100 000 iterations, against baselines measured in the
// same run: OpenSSL 3 (`openssl pkcs12`, process start included) and, when given, an earlier build
// of this package (`--baseline path/to/dist/index.js`, e.g. a `git worktree` of an older commit,
// built with `pnpm build`).
//
//   pnpm --filter @usesync/x509 build && node packages/x509/bench/pkcs12.mjs [--baseline DIST] [--rounds N]
//
// The passphrase reaches OpenSSL only through the environment (-passin/-passout env:VAR).
import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Secret } from '@usesync/domain';

const { values: args } = parseArgs({
  options: { baseline: { type: 'string' }, rounds: { type: 'string', default: '5' } },
});
const rounds = Number(args.rounds);
const PASS = 'bench-Grüezi-pass';
const env = { ...process.env, P12PASS: PASS };
const dir = mkdtempSync(join(tmpdir(), 'usesync-x509-bench-'));

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { env, cwd: dir });
  if (r.status !== 0) throw new Error(`${cmd} ${argv[0]} failed: ${r.stderr}`);
  return r;
}

run('openssl', [
  'req',
  '-x509',
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:P-256',
  '-nodes',
  '-keyout',
  'k.pem',
  '-out',
  'c.pem',
  '-subj',
  '/CN=bench',
  '-days',
  '1',
]);
const keyPem = readFileSync(join(dir, 'k.pem'), 'utf8');
const certPem = readFileSync(join(dir, 'c.pem'), 'utf8');
const pkcs8 = new Uint8Array(createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' }));

async function implementation(name, path) {
  const lib = await import(path);
  const {
    value: [certificate],
  } = await lib.parseCertificates(certPem);
  const key = lib.PrivateKey.fromPkcs8Der(pkcs8);
  return { name, lib, certificate, key };
}

const impls = [await implementation('this build', resolve(import.meta.dirname, '../dist/index.js'))];
if (args.baseline) impls.push(await implementation('baseline', resolve(args.baseline)));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const wrong = ['wrong-1', 'wrong-2', 'wrong-3'].map((t) => new Secret(t));
const right = new Secret(PASS);
// Both implementations read the same file: the one this build writes.
const shared = await impls[0].lib.buildPkcs12({
  key: impls[0].key,
  certificate: impls[0].certificate,
  passphrase: right,
});
const ops = {
  build: (impl) => impl.lib.buildPkcs12({ key: impl.key, certificate: impl.certificate, passphrase: right }),
  read: (impl) => impl.lib.readPkcs12(shared, { defaultPassphrase: right, passphrases: [] }),
  read4th: (impl) => impl.lib.readPkcs12(shared, { passphrases: [...wrong, right] }),
};
const samples = {};
for (const impl of impls) {
  const check = await ops.read(impl);
  if (!check.ok) throw new Error(`${impl.name} cannot read the file: ${check.diagnostic.code}`);
  for (const fn of Object.values(ops)) await fn(impl); // warm-up
  samples[impl.name] = Object.fromEntries(Object.keys(ops).map((op) => [op, []]));
}
// Round by round, implementation by implementation, so load changes hit all alike.
for (let i = 0; i < rounds; i++) {
  for (const impl of impls) {
    for (const [op, fn] of Object.entries(ops)) {
      const t = performance.now();
      await fn(impl);
      samples[impl.name][op].push(performance.now() - t);
    }
  }
}
const results = Object.fromEntries(
  Object.entries(samples).map(([name, byOp]) => [
    name,
    Object.fromEntries(Object.entries(byOp).map(([op, ms]) => [op, median(ms)])),
  ]),
);

// OpenSSL 3 at the same strength: PBES2 AES-256-CBC, PBKDF2 and MAC 100 000 iterations, SHA-256.
const opensslTimes = { build: [], read: [] };
for (let i = 0; i < rounds; i++) {
  let t = performance.now();
  run('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    'k.pem',
    '-in',
    'c.pem',
    '-out',
    'o.p12',
    '-passout',
    'env:P12PASS',
    '-iter',
    '100000',
    '-macalg',
    'sha256',
  ]);
  opensslTimes.build.push(performance.now() - t);
  writeFileSync(join(dir, 'ours.p12'), shared);
  t = performance.now();
  run('openssl', ['pkcs12', '-in', 'ours.p12', '-nodes', '-passin', 'env:P12PASS', '-out', '/dev/null']);
  opensslTimes.read.push(performance.now() - t);
}
rmSync(dir, { recursive: true, force: true });

const ossl = { build: median(opensslTimes.build), read: median(opensslTimes.read) };

// The PKCS#12 MAC key derivation (100 000 hash iterations) is synchronous in PKI.js: it blocks the
// event loop for this long, once per file built or opened.
const pkijs = await import('pkijs');
const { webcrypto } = await import('node:crypto');
const engine = new pkijs.CryptoEngine({ name: 'bench', crypto: webcrypto });
const macMs = [];
for (let i = 0; i < rounds; i++) {
  const t = performance.now();
  const pending = engine.stampDataWithPassword({
    password: new TextEncoder().encode(PASS).buffer,
    hashAlgorithm: 'SHA-256',
    salt: new ArrayBuffer(64),
    iterationCount: 100_000,
    contentToStamp: new ArrayBuffer(1000),
  });
  macMs.push(performance.now() - t); // time until the call returns = the synchronous part
  await pending;
}

const fmt = (x) => `${x.toFixed(0).padStart(5)} ms`;
console.log(`PKCS#12, 100 000 iterations (PBKDF2 and MAC), EC P-256 key, median of ${rounds}`);
console.log(`openssl 3 : build ${fmt(ossl.build)}   read ${fmt(ossl.read)} (process start included)`);
for (const [name, r] of Object.entries(results)) {
  console.log(
    `${name.padEnd(10)}: build ${fmt(r.build)} (×${(r.build / ossl.build).toFixed(2)} openssl)` +
      `   read ${fmt(r.read)} (×${(r.read / ossl.read).toFixed(2)} openssl)` +
      `   read, right passphrase 4th ${fmt(r.read4th)}`,
  );
}
const now = results['this build'];
const base = results.baseline;
if (now && base) {
  console.log(
    `ratio this/baseline: build ${(now.build / base.build).toFixed(2)}, read ${(now.read / base.read).toFixed(2)}, ` +
      `read 4th ${(now.read4th / base.read4th).toFixed(2)}`,
  );
}
console.log(`PKI.js MAC key derivation, synchronous (blocks the event loop): ${fmt(median(macMs))}`);
