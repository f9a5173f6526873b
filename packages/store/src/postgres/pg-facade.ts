import type { Store, TenantId } from '@usesync/domain';
import type { Db } from './pg-db.js';
import * as j from './pg-journal.js';
import * as k from './pg-keys.js';
import * as l from './pg-ledger.js';
import * as r from './pg-records.js';
import * as o from './pg-reservations.js';
import * as s from './pg-secrets.js';

/** Runs one operation for a tenant on a connection chosen by the caller (pool or transaction). */
export type Run = <T>(op: string, tenant: TenantId, f: (db: Db) => Promise<T>) => Promise<T>;

/** The store's data methods over PostgreSQL. */
export type PgDataMethods = Omit<Store, 'transaction' | 'close'>;

/** Builds the data methods; `run` decides which connection each call uses and when. */
export function pgDataMethods(run: Run): PgDataMethods {
  return {
    snapshot: (t, o) =>
      run('read the live state', t, (db) =>
        db.consistent(async () => {
          const material = o?.material ?? true;
          const count = await db.one<{ n: number }>(
            'SELECT COUNT(*)::int AS n FROM passphrases WHERE tenant = $1',
            [t],
          );
          return {
            tenant: t,
            pgpKeys: await k.listPgpKeys(db, t, undefined, material),
            certificates: await k.listCertificates(db, t, undefined, material),
            groups: await r.listGroups(db, t),
            ruleSetText: await s.getRuleSet(db, t),
            swissSignUsers: await r.listSwissSignUsers(db, t),
            passphraseCount: count?.n ?? 0,
          };
        }),
      ),
    putPgpKeys: (t, keys) => run('store PGP keys', t, (db) => k.putPgpKeys(db, t, keys)),
    markPgpKeyDeleted: (t, fp) => run('delete a PGP key', t, (db) => k.markPgpKeyDeleted(db, t, fp)),
    listPgpKeys: (t, a) => run('list PGP keys', t, (db) => k.listPgpKeys(db, t, a)),
    putCertificates: (t, c) => run('store certificates', t, (db) => k.putCertificates(db, t, c)),
    markCertificateRevoked: (t, serial, reason, at) =>
      run('revoke a certificate', t, (db) => k.markCertificateRevoked(db, t, serial, reason, at)),
    listCertificates: (t, a) => run('list certificates', t, (db) => k.listCertificates(db, t, a)),
    setGroupMembers: (t, g, m) => run('set group members', t, (db) => r.setGroupMembers(db, t, g, m)),
    deleteGroup: (t, g) => run('delete a group', t, (db) => r.deleteGroup(db, t, g)),
    listGroups: (t) => run('list groups', t, (db) => r.listGroups(db, t)),
    getRuleSet: (t) => run('read the rule set', t, (db) => s.getRuleSet(db, t)),
    setRuleSet: (t, text) => run('store the rule set', t, (db) => s.setRuleSet(db, t, text)),
    addPassphrases: (t, p) => run('add passphrases', t, (db) => s.addPassphrases(db, t, p)),
    listPassphrases: (t) => run('list passphrases', t, (db) => s.listPassphrases(db, t)),
    putSwissSignUsers: (t, u) => run('store swisssign-users', t, (db) => r.putSwissSignUsers(db, t, u)),
    removeSwissSignUser: (t, a) => run('remove a swisssign-user', t, (db) => r.removeSwissSignUser(db, t, a)),
    listSwissSignUsers: (t) => run('list swisssign-users', t, (db) => r.listSwissSignUsers(db, t)),
    archiveKey: (t, info, bytes) => run('archive a private key', t, (db) => s.archiveKey(db, t, info, bytes)),
    getArchivedKey: (t, kind, ref) =>
      run('read an archived key', t, (db) => s.getArchivedKey(db, t, kind, ref)),
    listArchivedKeys: (t, a) => run('list archived keys', t, (db) => s.listArchivedKeys(db, t, a)),
    recordLedgerEntry: (t, e) =>
      run('record a billable transaction', t, (db) => l.recordLedgerEntry(db, t, e)),
    listLedger: (t) => run('list the ledger', t, (db) => l.listLedger(db, t)),
    startRun: (t, key, meta) => run('start a sync run', t, (db) => j.startRun(db, t, key, meta)),
    finishRun: (t, id, status, summary) =>
      run('finish a sync run', t, (db) => j.finishRun(db, t, id, status, summary)),
    getRun: (t, id) => run('read a sync run', t, (db) => j.getRun(db, t, id)),
    listRuns: (t, limit) => run('list sync runs', t, (db) => j.listRuns(db, t, limit)),
    beginAction: (t, id, action, data) =>
      run('journal an action', t, (db) => j.beginAction(db, t, id, action, data)),
    progressAction: (t, id, action, data) =>
      run('journal an action', t, (db) => j.progressAction(db, t, id, action, data)),
    completeAction: (t, id, action, outcome) =>
      run('journal an action', t, (db) => j.completeAction(db, t, id, action, outcome)),
    failAction: (t, id, action, error) =>
      run('journal an action', t, (db) => j.failAction(db, t, id, action, error)),
    getAction: (t, id, action) => run('read the journal', t, (db) => j.getAction(db, t, id, action)),
    listActions: (t, id) => run('read the journal', t, (db) => j.listActions(db, t, id)),
    recordProcessed: (t, name, sha, outcome) =>
      run('record a processed file', t, (db) => l.recordProcessed(db, t, name, sha, outcome)),
    reserveOrder: (t, ref, cap, at) =>
      run('reserve a certificate order', t, (db) => o.reserveOrder(db, t, ref, cap, at)),
    releaseOrder: (t, ref) => run('release a certificate order', t, (db) => o.releaseOrder(db, t, ref)),
    wasProcessed: (t, name) => run('read the processed-files ledger', t, (db) => l.wasProcessed(db, t, name)),
  };
}
