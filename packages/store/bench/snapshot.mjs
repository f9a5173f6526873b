// Snapshot benchmark: seeds N users (one certificate, one PGP key, one swisssign-users entry each,
// 100 groups) into a SQLite file and times snapshot() with and without key material. The baseline,
// measured in the same run, is a bare `SELECT *` over the certificates and PGP keys through
// node:sqlite, i.e. what reading the rows costs before any mapping.
// Run: pnpm --filter @usesync/store build && node packages/store/bench/snapshot.mjs [users]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { KeyEncryptionKey, openSqliteStore } from '../dist/index.js';

const users = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'usesync-bench-'));
const file = join(dir, 'usesync.db');
const kek = KeyEncryptionKey.generate();
const pem = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(64)}\n`.repeat(28); // ≈ 1.9 KB, like RSA-3072
const armored = `-----BEGIN PGP PUBLIC KEY BLOCK-----\n${'B'.repeat(64)}\n`.repeat(46); // ≈ 3.1 KB, RSA-4096
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const time = async (f) => {
  const t0 = process.hrtime.bigint();
  const r = await f();
  return [ms(t0), r];
};

const store = openSqliteStore({ file, kek });
const addr = (i) => `user${i}@example.com`;
const [seedMs] = await time(async () => {
  const batch = 10_000;
  for (let from = 0; from < users; from += batch) {
    const ids = Array.from({ length: Math.min(batch, users - from) }, (_, k) => from + k);
    await store.putCertificates(
      'T1',
      ids.map((i) => ({
        address: addr(i),
        serial: i.toString(16).padStart(16, '0'),
        issuerDn: 'CN=SubCA,O=SwissSign AG,C=CH',
        subjectDn: `CN=${addr(i)}`,
        sanEmails: [addr(i)],
        notBefore: '2026-01-01T00:00:00.000Z',
        notAfter: '2027-01-01T00:00:00.000Z',
        status: 'active',
        team: false,
        origin: 'created',
        orderRef: `ord-${i}`,
        certificatePem: pem,
      })),
    );
    await store.putPgpKeys(
      'T1',
      ids.map((i) => ({
        address: addr(i),
        fingerprint: i.toString(16).padStart(40, '0').toUpperCase(),
        algorithm: 'RSA',
        bits: 4096,
        userId: `User ${i} <${addr(i)}>`,
        created: '2026-01-01T00:00:00.000Z',
        expires: '2027-01-01T00:00:00.000Z',
        status: 'active',
        origin: 'created',
        publicKeyArmored: armored,
      })),
    );
    await store.putSwissSignUsers(
      'T1',
      ids.map((i) => ({
        address: addr(i),
        name: `User ${i}`,
        givenName: 'User',
        surname: String(i),
        team: false,
        addedAt: '2026-01-01T00:00:00.000Z',
      })),
    );
  }
  for (let g = 0; g < 100; g++) {
    const members = [];
    for (let i = g; i < users; i += 100) members.push(addr(i));
    await store.setGroupMembers('T1', `group${g}`, members);
  }
  await store.setRuleSet('T1', 'rule all\n'.repeat(100));
});

const baseline = () => {
  const db = new DatabaseSync(file, { readOnly: true });
  const t0 = process.hrtime.bigint();
  const n =
    db.prepare('SELECT * FROM certificates').all().length + db.prepare('SELECT * FROM pgp_keys').all().length;
  const t = ms(t0);
  db.close();
  return [t, n];
};

// Warm-up (page cache, statement compilation), then best of three.
await store.snapshot('T1', { material: false });
const best = async (f) => {
  let min = Infinity;
  let last;
  for (let k = 0; k < 3; k++) {
    const [t, r] = await f();
    min = Math.min(min, t);
    last = r;
  }
  return [min, last];
};
const [baseMs] = await best(async () => baseline());
const [leanMs, lean] = await best(() => time(() => store.snapshot('T1', { material: false })));
const [fullMs] = await best(() => time(() => store.snapshot('T1')));
await store.close();
const mb = (statSync(file).size / 1e6).toFixed(0);
rmSync(dir, { recursive: true, force: true });

const fmt = (x) => `${x.toFixed(0).padStart(6)} ms`;
console.log(
  `users: ${users}  (certificates ${lean.certificates.length}, PGP keys ${lean.pgpKeys.length}, swisssign-users ${lean.swissSignUsers.length}, groups ${lean.groups.length}; file ${mb} MB)`,
);
console.log(`seed (bulk put, 10k per transaction) ${fmt(seedMs)}`);
console.log(`baseline SELECT * certs + keys ${fmt(baseMs)}  1.00×`);
console.log(`snapshot({ material: false })       ${fmt(leanMs)}  ${(leanMs / baseMs).toFixed(2)}×`);
console.log(`snapshot() with PEM/armored         ${fmt(fullMs)}  ${(fullMs / baseMs).toFixed(2)}×`);
