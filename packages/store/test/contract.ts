/**
 * The store contract: every implementation of the `Store` port must pass these tests. A PostgreSQL
 * implementation calls `storeContract('postgres', factory)` from its own test file.
 */
import { emptyLiveState, MASK, Secret, type Store } from '@usesync/domain';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { keyPoolOf } from '../src/index.js';
import { journalContract } from './contract-journal.js';
import { keyPoolContract } from './contract-key-pool.js';
import { reservationContract } from './contract-reservations.js';
import { certificate, ledgerEntry, pgpKey, ssUser } from './fixtures.js';

/** A fresh, empty store; `rawBytes` (optional) returns every byte the implementation persisted. */
export interface StoreHandle {
  readonly store: Store;
  readonly rawBytes?: () => Promise<Uint8Array>;
  readonly dispose?: () => Promise<void>;
}

/** Creates a fresh empty store for each test. */
export type StoreFactory = () => Promise<StoreHandle>;

/** What the implementation under test can offer the suite. */
export interface ContractOptions {
  /** The handles carry `rawBytes`: run the encryption-at-rest test. */
  readonly persistsBytes?: boolean;
}

/** Registers the contract suite for one implementation. */
export function storeContract(name: string, factory: StoreFactory, options: ContractOptions = {}): void {
  describe(`store contract: ${name}`, () => {
    let h: StoreHandle;
    let store: Store;
    beforeEach(async () => {
      h = await factory();
      store = h.store;
    });
    afterEach(async () => {
      await store.close();
      await h.dispose?.();
    });
    const s = () => store;

    test('an unknown tenant has an empty live state', async () => {
      expect(await store.snapshot('T1')).toEqual(emptyLiveState('T1'));
    });

    test('PGP keys are stored, listed by address case-insensitively and marked deleted', async () => {
      await store.putPgpKeys('T1', [
        pgpKey('b@x.com', 'BB'),
        pgpKey('A@x.com', 'AA2'),
        pgpKey('a@x.com', 'AA1'),
      ]);
      expect((await store.listPgpKeys('T1')).map((k) => k.fingerprint)).toEqual(['AA1', 'AA2', 'BB']);
      expect((await store.listPgpKeys('T1', 'a@X.com')).map((k) => k.address)).toEqual([
        'a@x.com',
        'A@x.com',
      ]);
      expect(await store.markPgpKeyDeleted('T1', 'AA1')).toBe(true);
      expect(await store.markPgpKeyDeleted('T1', 'AA1')).toBe(false);
      expect(await store.markPgpKeyDeleted('T1', 'NOPE')).toBe(false);
      const [k] = await store.listPgpKeys('T1', 'a@x.com');
      expect(k).toEqual(pgpKey('a@x.com', 'AA1', { status: 'deleted' }));
      await store.putPgpKeys('T1', [pgpKey('b@x.com', 'BB', { bits: 2048, expires: null })]);
      expect(await store.listPgpKeys('T1', 'b@x.com')).toEqual([
        pgpKey('b@x.com', 'BB', { bits: 2048, expires: null }),
      ]);
    });

    test('certificates round-trip with optional fields and are revoked once', async () => {
      const plain = certificate('t@x.com', '0a', { team: true, sanEmails: ['t@x.com', 'alias@x.com'] });
      const { orderRef: _, ...noOrder } = certificate('u@x.com', '0b', { origin: 'imported' });
      await store.putCertificates('T1', [plain, noOrder]);
      expect(await store.listCertificates('T1')).toEqual([plain, noOrder]);
      expect(await store.markCertificateRevoked('T1', '0a', 'SUPERSEDED', '2026-03-01T00:00:00.000Z')).toBe(
        true,
      );
      expect(
        await store.markCertificateRevoked('T1', '0a', 'KEY_COMPROMISE', '2026-04-01T00:00:00.000Z'),
      ).toBe(false);
      expect(await store.listCertificates('T1', 'T@X.COM')).toEqual([
        {
          ...plain,
          status: 'revoked',
          revokedAt: '2026-03-01T00:00:00.000Z',
          revocationReason: 'SUPERSEDED',
        },
      ]);
    });

    test('group members are full state: set replaces, deduplicates and sorts', async () => {
      await store.setGroupMembers('T1', 'sales', ['z@x.com', 'a@x.com', 'a@x.com']);
      await store.setGroupMembers('T1', 'board', ['x.com']);
      await store.setGroupMembers('T1', 'sales', ['m@x.com', 'a@x.com']);
      await store.setGroupMembers('T1', 'empty', []);
      expect(await store.listGroups('T1')).toEqual([
        { name: 'board', members: ['x.com'] },
        { name: 'empty', members: [] },
        { name: 'sales', members: ['a@x.com', 'm@x.com'] },
      ]);
      expect(await store.deleteGroup('T1', 'board')).toBe(true);
      expect(await store.deleteGroup('T1', 'board')).toBe(false);
      expect((await store.listGroups('T1')).map((g) => g.name)).toEqual(['empty', 'sales']);
    });

    test('the rule set is empty until set, then returned unmasked', async () => {
      expect(await store.getRuleSet('T1')).toBe('');
      const text = 'rule encrypt-all:\n  swm-password: "S3cr3t-swm"\n';
      await store.setRuleSet('T1', text);
      expect(await store.getRuleSet('T1')).toBe(text);
      await store.setRuleSet('T1', '');
      expect(await store.getRuleSet('T1')).toBe('');
    });

    test('passphrases are deduplicated, kept in order and returned as masked secrets', async () => {
      expect(
        await store.addPassphrases('T1', [new Secret('one'), new Secret('two'), new Secret('one')]),
      ).toBe(2);
      expect(await store.addPassphrases('T1', [new Secret('two'), new Secret('three')])).toBe(1);
      const list = await store.listPassphrases('T1');
      expect(list.map((p) => p.reveal())).toEqual(['one', 'two', 'three']);
      expect(list.every((p) => p instanceof Secret && String(p) === MASK)).toBe(true);
      expect((await store.snapshot('T1')).passphraseCount).toBe(3);
    });

    test('swisssign-users are upserted and removed by address, case-insensitively', async () => {
      const team = ssUser('Team@x.com', { name: 'Team', team: true });
      const { givenName: _g, surname: _s, ...noNames } = team;
      await store.putSwissSignUsers('T1', [ssUser('b@x.com'), noNames]);
      await store.putSwissSignUsers('T1', [ssUser('b@x.com', { name: 'Bea Doe' })]);
      expect(await store.listSwissSignUsers('T1')).toEqual([ssUser('b@x.com', { name: 'Bea Doe' }), noNames]);
      expect(await store.removeSwissSignUser('T1', 'TEAM@x.com')).toBe(true);
      expect(await store.removeSwissSignUser('T1', 'team@x.com')).toBe(false);
      expect((await store.listSwissSignUsers('T1')).map((u) => u.address)).toEqual(['b@x.com']);
    });

    test('archived keys return their bytes; the list holds metadata only; conflicts are refused', async () => {
      const bytes = new Uint8Array([1, 2, 3, 250]);
      const info = {
        address: 'a@x.com',
        kind: 'smime',
        reference: '0a',
        format: 'pkcs12',
        createdAt: '2026-01-02T00:00:00.000Z',
      } as const;
      await s().archiveKey('T1', info, bytes);
      await s().archiveKey('T1', info, bytes);
      await s().archiveKey(
        'T1',
        { ...info, kind: 'pgp', reference: 'FP', format: 'openpgp-armored' },
        new Uint8Array([9]),
      );
      expect(await store.getArchivedKey('T1', 'smime', '0a')).toEqual(bytes);
      expect(await store.getArchivedKey('T1', 'pgp', '0a')).toBeUndefined();
      expect(await store.listArchivedKeys('T1', 'A@x.com')).toEqual([
        { ...info, kind: 'pgp', reference: 'FP', format: 'openpgp-armored', size: 1 },
        { ...info, size: 4 },
      ]);
      await expect(store.archiveKey('T1', info, new Uint8Array([7]))).rejects.toMatchObject({
        code: 'ARCHIVE_CONFLICT',
      });
      expect(await store.getArchivedKey('T1', 'smime', '0a')).toEqual(bytes);
    });

    test('the ledger records one row per idempotency key', async () => {
      const first = await store.recordLedgerEntry('T1', ledgerEntry('k1'));
      expect(first).toEqual({ entry: ledgerEntry('k1'), created: true });
      const again = await store.recordLedgerEntry(
        'T1',
        ledgerEntry('k1', { orderRef: 'ord-other', serial: '0f' }),
      );
      expect(again).toEqual({ entry: ledgerEntry('k1', { serial: '0f' }), created: false });
      await store.recordLedgerEntry('T1', ledgerEntry('k0', { kind: 'renew' }));
      expect(await store.listLedger('T1')).toEqual([
        ledgerEntry('k1', { serial: '0f' }),
        ledgerEntry('k0', { kind: 'renew' }),
      ]);
    });

    test('a processed file name is recorded once', async () => {
      expect(await store.wasProcessed('T1', 'T1_use_import_2026.useimport')).toBeUndefined();
      const r = await store.recordProcessed('T1', 'T1_use_import_2026.useimport', 'AB'.repeat(32), 'applied');
      expect(r.created).toBe(true);
      expect(r.file).toMatchObject({
        name: 'T1_use_import_2026.useimport',
        sha256: 'ab'.repeat(32),
        outcome: 'applied',
      });
      const again = await store.recordProcessed(
        'T1',
        'T1_use_import_2026.useimport',
        'cd'.repeat(32),
        'refused',
      );
      expect(again).toEqual({ file: r.file, created: false });
      expect(await store.wasProcessed('T1', 'T1_use_import_2026.useimport')).toEqual(r.file);
    });

    test('a snapshot holds every record; without material the PEMs are empty', async () => {
      await seed(store, 'T1');
      const snap = await store.snapshot('T1');
      expect(snap.pgpKeys).toEqual([pgpKey('a@x.com', 'FA')]);
      expect(snap.certificates).toEqual([certificate('a@x.com', '01')]);
      expect(snap.groups).toEqual([{ name: 'g', members: ['a@x.com'] }]);
      expect(snap.ruleSetText).toBe('rule T1');
      expect(snap.swissSignUsers).toEqual([ssUser('a@x.com')]);
      expect(snap.passphraseCount).toBe(1);
      const lean = await store.snapshot('T1', { material: false });
      expect(lean.certificates[0]?.certificatePem).toBe('');
      expect(lean.pgpKeys[0]?.publicKeyArmored).toBe('');
      expect({ ...lean.certificates[0], certificatePem: 'x' }).toEqual({
        ...snap.certificates[0],
        certificatePem: 'x',
      });
    });

    test("tenant isolation: tenant B can neither see nor change tenant A's data", async () => {
      await seed(store, 'TA');
      const before = await store.snapshot('TA');
      expect(await store.snapshot('TB')).toEqual(emptyLiveState('TB'));
      expect(await store.listPgpKeys('TB', 'a@x.com')).toEqual([]);
      expect(await store.listCertificates('TB', 'a@x.com')).toEqual([]);
      expect(await store.listPassphrases('TB')).toEqual([]);
      expect(await store.getRuleSet('TB')).toBe('');
      expect(await store.listLedger('TB')).toEqual([]);
      expect(await store.listArchivedKeys('TB')).toEqual([]);
      expect(await store.getArchivedKey('TB', 'smime', '01')).toBeUndefined();
      expect(await store.wasProcessed('TB', 'f.useimport')).toBeUndefined();
      expect(await store.listRuns('TB')).toEqual([]);
      // Changes through B's id touch nothing of A's.
      expect(await store.markPgpKeyDeleted('TB', 'FA')).toBe(false);
      expect(await store.markCertificateRevoked('TB', '01', 'SUPERSEDED', '2026-05-01T00:00:00.000Z')).toBe(
        false,
      );
      expect(await store.deleteGroup('TB', 'g')).toBe(false);
      expect(await store.removeSwissSignUser('TB', 'a@x.com')).toBe(false);
      await store.setGroupMembers('TB', 'g', []);
      await store.setRuleSet('TB', 'rule TB');
      expect((await store.recordLedgerEntry('TB', ledgerEntry('k1'))).created).toBe(true);
      expect((await store.recordProcessed('TB', 'f.useimport', '00', 'refused')).created).toBe(true);
      await store.archiveKey(
        'TB',
        { address: 'a@x.com', kind: 'smime', reference: '01', format: 'pkcs12', createdAt: 'x' },
        new Uint8Array([42]),
      );
      const runA = (await store.listRuns('TA'))[0];
      if (!runA) throw new Error('seed made no run');
      expect(await store.getRun('TB', runA.id)).toBeUndefined();
      await expect(store.beginAction('TB', runA.id, 'x', null)).rejects.toMatchObject({
        code: 'JOURNAL_UNKNOWN_RUN',
      });
      await expect(store.finishRun('TB', runA.id, 'failed')).rejects.toMatchObject({
        code: 'JOURNAL_UNKNOWN_RUN',
      });
      expect(await store.getAction('TB', runA.id, 'a1')).toBeUndefined();
      // A is exactly as before.
      expect(await store.snapshot('TA')).toEqual(before);
      expect(await store.listLedger('TA')).toEqual([ledgerEntry('k1')]);
      expect((await store.wasProcessed('TA', 'f.useimport'))?.outcome).toBe('applied');
      expect(await store.getArchivedKey('TA', 'smime', '01')).toEqual(new Uint8Array([5, 6]));
      expect((await store.getRun('TA', runA.id))?.status).toBe('running');
    });

    test.each(['', '../TA', "TA' OR '1'='1", 'TA/x', 'T A'])('the tenant id %j is refused', async (bad) => {
      await expect(store.snapshot(bad)).rejects.toMatchObject({ code: 'STORE_INVALID_TENANT' });
      await expect(store.setRuleSet(bad, 'x')).rejects.toMatchObject({ code: 'STORE_INVALID_TENANT' });
    });

    test.runIf(options.persistsBytes)('secrets are not readable in the persisted bytes', async () => {
      if (!h.rawBytes) throw new Error('persistsBytes needs rawBytes');
      await store.setRuleSet('T1', 'swm-password: Zebra-Quokka-4711');
      await store.addPassphrases('T1', [new Secret('Walrus-Passphrase-0815')]);
      const key = new TextEncoder().encode('-----BEGIN PRIVATE KEY-----Narwhal-Key-Bytes');
      await store.archiveKey(
        'T1',
        { address: 'a@x.com', kind: 'smime', reference: '01', format: 'pkcs8-pem', createdAt: 'x' },
        key,
      );
      await store.putCertificates('T1', [certificate('a@x.com', 'visible01')]);
      await keyPoolOf(store).add('rsa-2048', [new TextEncoder().encode('Platypus-Pooled-Key-Bytes')]);
      const raw = Buffer.from(await h.rawBytes()).toString('latin1');
      expect(raw).toContain('CERTPEMvisible01'); // the dump is real: public material is in it
      for (const secret of [
        'Zebra-Quokka',
        'Walrus-Passphrase',
        'Narwhal-Key',
        'PRIVATE KEY',
        'Platypus-Pooled',
      ]) {
        expect(raw).not.toContain(secret);
      }
    });

    test('a closed store refuses calls', async () => {
      await store.close();
      await expect(store.snapshot('T1')).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });

    journalContract(s);
    keyPoolContract(s);
    reservationContract(s);
  });
}

/** One of everything for a tenant. */
async function seed(store: Store, tenant: string): Promise<void> {
  await store.putPgpKeys(tenant, [pgpKey('a@x.com', 'FA')]);
  await store.putCertificates(tenant, [certificate('a@x.com', '01')]);
  await store.setGroupMembers(tenant, 'g', ['a@x.com']);
  await store.setRuleSet(tenant, `rule ${tenant}`);
  await store.addPassphrases(tenant, [new Secret(`pass-${tenant}`)]);
  await store.putSwissSignUsers(tenant, [ssUser('a@x.com')]);
  await store.archiveKey(
    tenant,
    { address: 'a@x.com', kind: 'smime', reference: '01', format: 'pkcs12', createdAt: 'x' },
    new Uint8Array([5, 6]),
  );
  await store.recordLedgerEntry(tenant, ledgerEntry('k1'));
  await store.recordProcessed(tenant, 'f.useimport', '00', 'applied');
  const { run } = await store.startRun(tenant, 'hash-1', { files: ['f.useimport'] });
  await store.beginAction(tenant, run.id, 'a1', { tag: 't' });
}
