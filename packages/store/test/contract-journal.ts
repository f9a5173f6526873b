import type { Store } from '@usesync/domain';
import { expect, test } from 'vitest';
import { ledgerEntry, pgpKey } from './fixtures.js';

/** Journal, resume and transaction parts of the contract (registered inside `storeContract`). */
export function journalContract(s: () => Store): void {
  test('a run key resumes the unfinished run; a finished run is never resumed', async () => {
    const store = s();
    const a = await store.startRun('T1', 'hash-1', { files: ['x.useimport'] });
    expect(a.resumed).toBe(false);
    expect(a.run).toMatchObject({
      tenant: 'T1',
      runKey: 'hash-1',
      status: 'running',
      meta: { files: ['x.useimport'] },
    });
    expect(a.run.finishedAt).toBeUndefined();
    const b = await store.startRun('T1', 'hash-1', { other: true });
    expect(b).toEqual({ run: a.run, resumed: true });
    const other = await store.startRun('T1', 'hash-2', null);
    expect(other.run.id).not.toBe(a.run.id);

    const done = await store.finishRun('T1', a.run.id, 'partial', { created: 3, failed: 1 });
    expect(done).toMatchObject({ id: a.run.id, status: 'partial', summary: { created: 3, failed: 1 } });
    expect(done.finishedAt).toBeDefined();
    const c = await store.startRun('T1', 'hash-1', null);
    expect(c.resumed).toBe(false);
    expect(c.run.id).not.toBe(a.run.id);
    expect(await store.getRun('T1', a.run.id)).toEqual(done);
    expect((await store.listRuns('T1')).length).toBe(3);
    expect((await store.listRuns('T1', 1)).length).toBe(1);
  });

  test('actions are journalled write-ahead: begin, complete, fail, retry', async () => {
    const store = s();
    const { run } = await store.startRun('T1', 'h', null);
    const begun = await store.beginAction('T1', run.id, 'smime-create:a@x.com', { tag: 'idem-1' });
    expect(begun).toMatchObject({
      runId: run.id,
      actionId: 'smime-create:a@x.com',
      state: 'started',
      data: { tag: 'idem-1' },
      attempts: 1,
    });

    // A crash and a re-run: begun again, the first data kept, attempts counted.
    const resumed = await store.beginAction('T1', run.id, 'smime-create:a@x.com', { tag: 'idem-2' });
    expect(resumed).toMatchObject({ state: 'started', data: { tag: 'idem-1' }, attempts: 2 });

    const completed = await store.completeAction('T1', run.id, 'smime-create:a@x.com', {
      serial: '0a',
      orderRef: 'ord-1',
    });
    expect(completed).toMatchObject({
      state: 'completed',
      outcome: { serial: '0a', orderRef: 'ord-1' },
      attempts: 2,
    });
    expect(completed.finishedAt).toBeDefined();
    // A completed action comes back unchanged: the executor skips it.
    expect(await store.beginAction('T1', run.id, 'smime-create:a@x.com', { tag: 'idem-3' })).toEqual(
      completed,
    );

    await store.beginAction('T1', run.id, 'pgp-create:b@x.com', {});
    const failed = await store.failAction('T1', run.id, 'pgp-create:b@x.com', 'key generation failed');
    expect(failed).toMatchObject({ state: 'failed', error: 'key generation failed' });
    await expect(store.progressAction('T1', run.id, 'nothing', {})).rejects.toMatchObject({
      code: 'JOURNAL_UNKNOWN_ACTION',
    });
    const progressed = await store.progressAction('T1', run.id, 'pgp-create:b@x.com', { keyRef: 'k1' });
    expect(progressed).toMatchObject({ state: 'failed', data: { keyRef: 'k1' } });
    const retried = await store.beginAction('T1', run.id, 'pgp-create:b@x.com', {});
    expect(retried).toMatchObject({ state: 'started', attempts: 2, data: { keyRef: 'k1' } });
    expect(retried.error).toBeUndefined();

    expect((await store.listActions('T1', run.id)).map((a) => [a.actionId, a.state])).toEqual([
      ['smime-create:a@x.com', 'completed'],
      ['pgp-create:b@x.com', 'started'],
    ]);
    expect(await store.getAction('T1', run.id, 'nothing')).toBeUndefined();
    await expect(store.completeAction('T1', run.id, 'nothing', null)).rejects.toMatchObject({
      code: 'JOURNAL_UNKNOWN_ACTION',
    });
    await expect(store.beginAction('T1', 'no-such-run', 'a', null)).rejects.toMatchObject({
      code: 'JOURNAL_UNKNOWN_RUN',
    });
  });

  test('a transaction commits every change together', async () => {
    const store = s();
    const r = await store.transaction('T1', async (tx) => {
      await tx.putPgpKeys('T1', [pgpKey('a@x.com', 'F1')]);
      await tx.recordLedgerEntry('T1', ledgerEntry('k'));
      return 'ok';
    });
    expect(r).toBe('ok');
    expect(await store.listPgpKeys('T1')).toHaveLength(1);
    expect(await store.listLedger('T1')).toHaveLength(1);
  });

  test('a failing transaction changes nothing', async () => {
    const store = s();
    await expect(
      store.transaction('T1', async (tx) => {
        await tx.putPgpKeys('T1', [pgpKey('a@x.com', 'F1')]);
        await tx.setRuleSet('T1', 'rule');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.listPgpKeys('T1')).toEqual([]);
    expect(await store.getRuleSet('T1')).toBe('');
  });

  test('a caught failure inside a nested transaction rolls back only the inner work', async () => {
    const store = s();
    await store.transaction('T1', async (tx) => {
      await tx.putPgpKeys('T1', [pgpKey('a@x.com', 'OUTER')]);
      await tx
        .transaction('T1', async (inner) => {
          await inner.putPgpKeys('T1', [pgpKey('a@x.com', 'INNER')]);
          throw new Error('inner');
        })
        .catch(() => undefined);
    });
    expect((await store.listPgpKeys('T1')).map((k) => k.fingerprint)).toEqual(['OUTER']);
  });

  test('a transaction refuses another tenant, and its handle dies with it', async () => {
    const store = s();
    let leaked: Store | undefined;
    await expect(
      store.transaction('T1', async (tx) => {
        leaked = tx;
        await tx.listPgpKeys('T2');
      }),
    ).rejects.toMatchObject({ code: 'STORE_TENANT_MISMATCH' });
    await expect(leaked?.listPgpKeys('T1')).rejects.toMatchObject({ code: 'STORE_TX_ENDED' });
  });

  test('using the outer store inside its own transaction fails instead of deadlocking', async () => {
    const store = s();
    await expect(
      store.transaction('T1', async () => {
        await store.listPgpKeys('T1');
      }),
    ).rejects.toMatchObject({ code: 'STORE_TX_DEADLOCK' });
    expect(await store.listPgpKeys('T1')).toEqual([]);
  });

  test('calls from outside wait until a running transaction ends', async () => {
    const store = s();
    const order: string[] = [];
    let inside: () => void = () => {};
    const entered = new Promise<void>((r) => {
      inside = r;
    });
    const tx = store.transaction('T1', async (t) => {
      inside();
      await t.putPgpKeys('T1', [pgpKey('a@x.com', 'F1')]);
      await new Promise((r) => setTimeout(r, 20));
      order.push('tx-end');
    });
    await entered;
    const outside = store.listPgpKeys('T1').then((keys) => order.push(`outside-saw-${keys.length}`));
    await Promise.all([tx, outside]);
    expect(order).toEqual(['tx-end', 'outside-saw-1']);
  });
}
