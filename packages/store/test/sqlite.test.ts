import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Secret } from '@usesync/domain';
import { afterEach, describe, expect, test } from 'vitest';
import { KeyEncryptionKey, loadKek, openDataDirStore, openSqliteStore, STORE_FILE } from '../src/index.js';
import { storeContract } from './contract.js';
import { pgpKey } from './fixtures.js';

const fixedNow = () => new Date('2026-06-01T16:00:00.000Z');
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'usesync-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function readAll(dir: string): Uint8Array {
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith(STORE_FILE))
      .map((f) => readFileSync(join(dir, f))),
  );
}

/** Every file of a directory with its content hash (to prove nothing changed). */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort())
    out[f] = createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex');
  return out;
}

storeContract('sqlite :memory:', async () => ({
  store: openSqliteStore({ file: ':memory:', kek: KeyEncryptionKey.generate(), now: fixedNow }),
}));

storeContract(
  'sqlite file',
  async () => {
    const dir = tempDir();
    return {
      store: openSqliteStore({
        file: join(dir, STORE_FILE),
        kek: KeyEncryptionKey.generate(),
        now: fixedNow,
      }),
      rawBytes: async () => readAll(dir),
    };
  },
  { persistsBytes: true },
);

describe('sqlite store on disk', () => {
  test('a data directory is created with a 0600 key file, a WAL database and the current schema', async () => {
    const dir = join(tempDir(), 'data');
    const store = openDataDirStore({ dataDir: dir, create: true, env: {}, now: fixedNow });
    await store.putPgpKeys('T1', [pgpKey('a@x.com', 'F1')]);
    expect(statSync(join(dir, 'kek')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await store.close();
    const db = new DatabaseSync(join(dir, STORE_FILE), { readOnly: true });
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('SELECT version, applied_at FROM usesync_migrations').all()).toEqual([
      { version: 1, applied_at: '2026-06-01T16:00:00.000Z' },
      { version: 2, applied_at: '2026-06-01T16:00:00.000Z' },
      { version: 3, applied_at: '2026-06-01T16:00:00.000Z' },
      { version: 4, applied_at: '2026-06-01T16:00:00.000Z' },
    ]);
    db.close();
    // Reopening applies nothing twice and keeps the data.
    const again = openDataDirStore({ dataDir: dir, env: {} });
    expect(await again.listPgpKeys('T1')).toHaveLength(1);
    await again.close();
  });

  test('a crash between begin and complete is resumed from the journal after reopening', async () => {
    const dir = tempDir();
    const kek = KeyEncryptionKey.generate();
    const file = join(dir, STORE_FILE);
    const first = openSqliteStore({ file, kek });
    const { run } = await first.startRun('T1', 'sha-of-files', { file: 'T1_use_import.useimport' });
    await first.beginAction('T1', run.id, 'smime-create:a@x.com', { tag: 'idem-a' });
    await first
      .completeAction('T1', run.id, 'smime-create:a@x.com', { serial: '01' })
      .then(() => first.beginAction('T1', run.id, 'smime-create:b@x.com', { tag: 'idem-b' }));
    // No finishRun, no completion of b: the process died here. The connection is simply dropped.
    await first.close();

    const second = openSqliteStore({ file, kek });
    const resumed = await second.startRun('T1', 'sha-of-files', { file: 'T1_use_import.useimport' });
    expect(resumed).toMatchObject({ resumed: true, run: { id: run.id } });
    expect((await second.beginAction('T1', run.id, 'smime-create:a@x.com', {})).state).toBe('completed');
    expect(await second.beginAction('T1', run.id, 'smime-create:b@x.com', {})).toMatchObject({
      state: 'started',
      attempts: 2,
      data: { tag: 'idem-b' },
    });
    await second.close();
  });

  test('a read-only store leaves every file byte-identical and refuses writes', async () => {
    const dir = tempDir();
    const kek = KeyEncryptionKey.generate();
    const file = join(dir, STORE_FILE);
    const w = openSqliteStore({ file, kek });
    await w.putPgpKeys('T1', [pgpKey('a@x.com', 'F1')]);
    await w.setRuleSet('T1', 'rule x');
    await w.close();
    const before = fingerprint(dir);

    const r = openSqliteStore({ file, kek, readOnly: true });
    expect((await r.snapshot('T1')).ruleSetText).toBe('rule x');
    await expect(r.putPgpKeys('T1', [pgpKey('b@x.com', 'F2')])).rejects.toMatchObject({
      code: 'STORE_READ_ONLY',
    });
    await expect(r.startRun('T1', 'k', null)).rejects.toMatchObject({ code: 'STORE_READ_ONLY' });
    await r.close();
    expect(fingerprint(dir)).toEqual(before);
  });

  test('a data directory opened read-only (as `usesync plan` does) is left byte-identical', async () => {
    const dir = join(tempDir(), 'data');
    const w = openDataDirStore({ dataDir: dir, create: true, env: {} });
    await w.setGroupMembers('T1', 'g', ['a@x.com']);
    await w.close();
    const before = fingerprint(dir);
    const r = openDataDirStore({ dataDir: dir, readOnly: true, env: {} });
    expect(await r.listGroups('T1')).toEqual([{ name: 'g', members: ['a@x.com'] }]);
    await r.close();
    expect(fingerprint(dir)).toEqual(before);
  });

  test('a schema newer than this code is refused; read-only refuses an outdated one', async () => {
    const dir = tempDir();
    const file = join(dir, STORE_FILE);
    const kek = KeyEncryptionKey.generate();
    await openSqliteStore({ file, kek }).close();
    const db = new DatabaseSync(file);
    db.exec("INSERT INTO usesync_migrations (version, name, applied_at) VALUES (99, 'future', 'x')");
    db.close();
    expect(() => openSqliteStore({ file, kek })).toThrow(
      expect.objectContaining({ code: 'STORE_SCHEMA_NEWER' }),
    );
    expect(() => openSqliteStore({ file, kek, readOnly: true })).toThrow(
      expect.objectContaining({ code: 'STORE_SCHEMA_NEWER' }),
    );
    const old = join(dir, 'old.db');
    new DatabaseSync(old).close();
    expect(() => openSqliteStore({ file: old, kek, readOnly: true })).toThrow(
      expect.objectContaining({ code: 'STORE_SCHEMA_OUTDATED' }),
    );
  });

  test('a read-only open of a missing database fails without creating it', () => {
    const dir = tempDir();
    expect(() =>
      openSqliteStore({ file: join(dir, STORE_FILE), kek: KeyEncryptionKey.generate(), readOnly: true }),
    ).toThrow(expect.objectContaining({ code: 'STORE_MISSING' }));
    expect(readdirSync(dir)).toEqual([]);
  });

  test('the wrong key-encryption key is refused at open', async () => {
    const file = join(tempDir(), STORE_FILE);
    await openSqliteStore({ file, kek: KeyEncryptionKey.generate() }).close();
    expect(() => openSqliteStore({ file, kek: KeyEncryptionKey.generate() })).toThrow(
      expect.objectContaining({ code: 'STORE_WRONG_KEK' }),
    );
  });

  test('a secret copied into another tenant does not decrypt there', async () => {
    const file = join(tempDir(), STORE_FILE);
    const kek = KeyEncryptionKey.generate();
    const store = openSqliteStore({ file, kek });
    await store.setRuleSet('TA', 'swm-password: secret-of-A');
    await store.setRuleSet('TB', 'rule B');
    await store.close();
    const db = new DatabaseSync(file);
    db.exec(
      "UPDATE rule_sets SET sealed = (SELECT sealed FROM rule_sets WHERE tenant = 'TA') WHERE tenant = 'TB'",
    );
    db.close();
    const again = openSqliteStore({ file, kek });
    await expect(again.getRuleSet('TB')).rejects.toMatchObject({ code: 'STORE_DECRYPT_FAILED' });
    expect(await again.getRuleSet('TA')).toBe('swm-password: secret-of-A');
    await again.close();
  });

  test('two connections to one file see each other and a busy writer is waited for', async () => {
    const file = join(tempDir(), STORE_FILE);
    const kek = KeyEncryptionKey.generate();
    const a = openSqliteStore({ file, kek });
    const b = openSqliteStore({ file, kek, busyTimeoutMs: 2000 });
    await a.addPassphrases('T1', [new Secret('p1')]);
    expect((await b.listPassphrases('T1')).map((p) => p.reveal())).toEqual(['p1']);
    await Promise.all([a.close(), b.close()]);
  });
});

test('a writer blocked by another connection past the busy timeout gets STORE_BUSY', async () => {
  const file = join(tempDir(), STORE_FILE);
  const kek = KeyEncryptionKey.generate();
  const a = openSqliteStore({ file, kek });
  const b = openSqliteStore({ file, kek, busyTimeoutMs: 50 });
  await a.transaction('T1', async (tx) => {
    await tx.recordLedgerEntry('T1', {
      idempotencyKey: 'k',
      address: 'a@x.com',
      orderRef: 'o',
      product: 'p',
      kind: 'create',
      at: 't',
    });
    await expect(
      b.recordLedgerEntry('T1', {
        idempotencyKey: 'k',
        address: 'a@x.com',
        orderRef: 'o',
        product: 'p',
        kind: 'create',
        at: 't',
      }),
    ).rejects.toMatchObject({ code: 'STORE_BUSY' });
  });
  expect(
    (
      await b.recordLedgerEntry('T1', {
        idempotencyKey: 'k',
        address: 'a@x.com',
        orderRef: 'o2',
        product: 'p',
        kind: 'create',
        at: 't',
      })
    ).created,
  ).toBe(false);
  expect(await b.listLedger('T1')).toHaveLength(1);
  await Promise.all([a.close(), b.close()]);
});

describe('key-encryption key', () => {
  test('USESYNC_KEK wins over the key file and must be 32 bytes of base64', () => {
    const dir = tempDir();
    const env = { USESYNC_KEK: Buffer.alloc(32, 7).toString('base64') };
    expect(loadKek({ dataDir: dir, env }).source).toBe('env');
    expect(existsSync(join(dir, 'kek'))).toBe(false);
    expect(() => loadKek({ dataDir: dir, env: { USESYNC_KEK: 'c2hvcnQ=' } })).toThrow(
      expect.objectContaining({ code: 'KEK_INVALID' }),
    );
  });

  test('a missing key is an error naming both ways to provide one', () => {
    expect(() => loadKek({ dataDir: tempDir(), env: {} })).toThrow(/USESYNC_KEK.*usesync init/);
  });

  test('a key file readable by others is refused', () => {
    const dir = tempDir();
    expect(loadKek({ dataDir: dir, env: {}, create: true }).source).toBe('created');
    expect(loadKek({ dataDir: dir, env: {} }).source).toBe('file');
    chmodSync(join(dir, 'kek'), 0o644);
    expect(() => loadKek({ dataDir: dir, env: {} })).toThrow(
      expect.objectContaining({ code: 'KEK_PERMISSIONS' }),
    );
  });

  test('the key never shows in strings, JSON or inspection', async () => {
    const kek = KeyEncryptionKey.fromBase64(Buffer.alloc(32, 9).toString('base64'));
    const { inspect } = await import('node:util');
    for (const shown of [String(kek), JSON.stringify({ kek }), inspect(kek)]) {
      expect(shown).not.toContain(Buffer.alloc(32, 9).toString('base64'));
      expect(shown).toContain('••••••');
    }
  });
});

describe('sqlite order reservations', () => {
  test('two stores on one file reserving orders of one tenant at once never pass the cap', async () => {
    const file = join(tempDir(), 'usesync.sqlite');
    const kek = KeyEncryptionKey.generate();
    const a = openSqliteStore({ file, kek, now: fixedNow });
    const b = openSqliteStore({ file, kek, now: fixedNow });
    const answers = await Promise.all(
      [a, b].flatMap((s, i) =>
        Array.from({ length: 10 }, (_, j) =>
          s.reserveOrder('T1', `o${i}-${j}`, 7, '2026-06-01T16:00:00.000Z'),
        ),
      ),
    );
    expect(answers.filter((x) => x === 'reserved')).toHaveLength(7);
    await a.close();
    await b.close();
  });
});
