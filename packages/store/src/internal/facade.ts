import type { Store, TenantId } from '@usesync/domain';
import { UsesyncError } from '@usesync/domain';
import type { Ctx } from './context.js';
import * as j from './journal-ops.js';
import * as r from './records-ops.js';
import * as o from './reservation-ops.js';
import * as s from './secrets-ops.js';

/** Called before every operation: waits for a running transaction, checks the tenant. */
export type Enter = (tenant: TenantId) => Promise<void>;

/** The store's data methods, each running the synchronous operation after `enter`. */
export type DataMethods = Omit<Store, 'transaction' | 'close'>;

/** Turns a node:sqlite error into a `UsesyncError` saying what failed (shared with the key pool). */
export function wrapSqliteError(op: string, e: unknown): unknown {
  if (e instanceof UsesyncError) return e;
  const err = e as { code?: string; errcode?: number; message?: string };
  if (err.code === 'ERR_SQLITE_ERROR') {
    // Primary result codes: 5 BUSY, 6 LOCKED, 8 READONLY.
    const primary = (err.errcode ?? 0) & 0xff;
    if (primary === 5 || primary === 6) {
      return new UsesyncError('STORE_BUSY', `Cannot ${op}: the store is locked by another process`, {
        cause: e,
      });
    }
    if (primary === 8 || /readonly|query_only/i.test(err.message ?? '')) {
      return new UsesyncError('STORE_READ_ONLY', `Cannot ${op}: the store was opened read-only`, {
        cause: e,
      });
    }
    return new UsesyncError('STORE_FAILED', `Cannot ${op}: ${err.message ?? 'SQLite error'}`, { cause: e });
  }
  return e;
}

/**
 * A caller of synchronous SQLite operations: waits at `enter`, runs `f`, and turns a driver
 * error into a `UsesyncError` saying what failed (shared by the data methods and the key pool).
 */
export function sqliteCaller<K>(
  enter: (key: K) => Promise<void>,
): <T>(op: string, key: K, f: () => T) => Promise<T> {
  return async (op, key, f) => {
    await enter(key);
    try {
      return f();
    } catch (e) {
      throw wrapSqliteError(op, e);
    }
  };
}

/** Builds the data methods over one context; `enter` decides who may call when. */
export function dataMethods(ctx: Ctx, enter: Enter): DataMethods {
  const call = sqliteCaller<TenantId>(enter);
  return {
    snapshot: (t, o) =>
      call('read the live state', t, () =>
        ctx.atomic(() => {
          const material = o?.material ?? true;
          const count = ctx.stmt('SELECT COUNT(*) AS n FROM passphrases WHERE tenant = ?').get(t) as {
            n: number;
          };
          return {
            tenant: t,
            pgpKeys: r.listPgpKeys(ctx, t, undefined, material),
            certificates: r.listCertificates(ctx, t, undefined, material),
            groups: r.listGroups(ctx, t),
            ruleSetText: s.getRuleSet(ctx, t),
            swissSignUsers: r.listSwissSignUsers(ctx, t),
            passphraseCount: Number(count.n),
          };
        }),
      ),
    putPgpKeys: (t, keys) => call('store PGP keys', t, () => r.putPgpKeys(ctx, t, keys)),
    markPgpKeyDeleted: (t, fp) => call('delete a PGP key', t, () => r.markPgpKeyDeleted(ctx, t, fp)),
    listPgpKeys: (t, a) => call('list PGP keys', t, () => r.listPgpKeys(ctx, t, a)),
    putCertificates: (t, c) => call('store certificates', t, () => r.putCertificates(ctx, t, c)),
    markCertificateRevoked: (t, serial, reason, at) =>
      call('revoke a certificate', t, () => r.markCertificateRevoked(ctx, t, serial, reason, at)),
    listCertificates: (t, a) => call('list certificates', t, () => r.listCertificates(ctx, t, a)),
    setGroupMembers: (t, g, m) => call('set group members', t, () => r.setGroupMembers(ctx, t, g, m)),
    deleteGroup: (t, g) => call('delete a group', t, () => r.deleteGroup(ctx, t, g)),
    listGroups: (t) => call('list groups', t, () => r.listGroups(ctx, t)),
    getRuleSet: (t) => call('read the rule set', t, () => s.getRuleSet(ctx, t)),
    setRuleSet: (t, text) => call('store the rule set', t, () => s.setRuleSet(ctx, t, text)),
    addPassphrases: (t, p) => call('add passphrases', t, () => s.addPassphrases(ctx, t, p)),
    listPassphrases: (t) => call('list passphrases', t, () => s.listPassphrases(ctx, t)),
    putSwissSignUsers: (t, u) => call('store swisssign-users', t, () => r.putSwissSignUsers(ctx, t, u)),
    removeSwissSignUser: (t, a) => call('remove a swisssign-user', t, () => r.removeSwissSignUser(ctx, t, a)),
    listSwissSignUsers: (t) => call('list swisssign-users', t, () => r.listSwissSignUsers(ctx, t)),
    archiveKey: (t, info, bytes) => call('archive a private key', t, () => s.archiveKey(ctx, t, info, bytes)),
    getArchivedKey: (t, kind, ref) =>
      call('read an archived key', t, () => s.getArchivedKey(ctx, t, kind, ref)),
    listArchivedKeys: (t, a) => call('list archived keys', t, () => s.listArchivedKeys(ctx, t, a)),
    recordLedgerEntry: (t, e) =>
      call('record a billable transaction', t, () => j.recordLedgerEntry(ctx, t, e)),
    listLedger: (t) => call('list the ledger', t, () => j.listLedger(ctx, t)),
    startRun: (t, key, meta) => call('start a sync run', t, () => j.startRun(ctx, t, key, meta)),
    finishRun: (t, id, status, summary) =>
      call('finish a sync run', t, () => j.finishRun(ctx, t, id, status, summary)),
    getRun: (t, id) => call('read a sync run', t, () => j.getRun(ctx, t, id)),
    listRuns: (t, limit) => call('list sync runs', t, () => j.listRuns(ctx, t, limit)),
    beginAction: (t, run, action, data) =>
      call('journal an action', t, () => j.beginAction(ctx, t, run, action, data)),
    progressAction: (t, run, action, data) =>
      call('journal an action', t, () => j.progressAction(ctx, t, run, action, data)),
    completeAction: (t, run, action, outcome) =>
      call('journal an action', t, () => j.completeAction(ctx, t, run, action, outcome)),
    failAction: (t, run, action, error) =>
      call('journal an action', t, () => j.failAction(ctx, t, run, action, error)),
    getAction: (t, run, action) => call('read the journal', t, () => j.getAction(ctx, t, run, action)),
    listActions: (t, run) => call('read the journal', t, () => j.listActions(ctx, t, run)),
    recordProcessed: (t, name, sha, outcome) =>
      call('record a processed file', t, () => j.recordProcessed(ctx, t, name, sha, outcome)),
    reserveOrder: (t, ref, cap, at) =>
      call('reserve a certificate order', t, () => o.reserveOrder(ctx, t, ref, cap, at)),
    releaseOrder: (t, ref) => call('release a certificate order', t, () => o.releaseOrder(ctx, t, ref)),
    wasProcessed: (t, name) => call('read the processed-files ledger', t, () => j.wasProcessed(ctx, t, name)),
  };
}
