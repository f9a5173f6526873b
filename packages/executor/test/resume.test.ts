import { Secret } from '@usesync/domain';
import { generatePgpKey } from '@usesync/pgp';
import { afterEach, describe, expect, test } from 'vitest';
import { applyPlan, importKeys, orderKey, planSync, runKeyOf } from '../src/index.js';
import { externalCertificate, type Harness, harness, inputsOf, NOW, testConfig } from './fixtures.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const FILE = 'smime-state:support@company.com;name:Support;keystate:1;teamcert:1\n#####\n';

describe('pending orders and resumption', () => {
  test('an order still pending at the CA is reported pending and completed by the next run without a second order', async () => {
    h = await harness({ polls: 4, maxWaitMs: 0 });
    const config = testConfig(h.sim);
    const inputs = inputsOf(FILE);
    const plan = await planSync(h.store, config, inputs, { now: NOW });
    const first = await applyPlan(h.deps, config, plan, { now: NOW, runKey: runKeyOf(inputs) });
    expect(first.results[0]).toMatchObject({ status: 'pending' });
    expect(first.results[0]?.message).toContain('pending at the CA');
    expect(await h.store.listCertificates('12345TE')).toEqual([]);
    expect((await h.store.listArchivedKeys('12345TE')).map((k) => k.reference)).toEqual([
      `pending:${orderKey('12345TE', 'support@company.com', 0, 0)}`,
    ]);
    // A later run, from a different file, resumes the same order.
    const other = inputsOf(`option:RCR 1;action-id\n${FILE}`);
    let outcome = first;
    for (let i = 0; i < 5 && outcome.results[0]?.status !== 'done'; i++) {
      const p = await planSync(h.store, config, other, { now: NOW });
      outcome = await applyPlan(h.deps, config, p, { now: NOW, runKey: `${runKeyOf(other)}-${i}` });
    }
    expect(outcome.results[0]?.status).toBe('done');
    expect(h.sim.orders()).toHaveLength(1);
    expect(await h.store.listLedger('12345TE')).toHaveLength(1);
  });

  test('a resumed run skips actions its journal completed', async () => {
    h = await harness();
    const config = testConfig(h.sim);
    const inputs = inputsOf(FILE);
    const plan = await planSync(h.store, config, inputs, { now: NOW });
    const { run } = await h.store.startRun('12345TE', runKeyOf(inputs), {});
    await h.store.beginAction('12345TE', run.id, 'swisssign-user-add:support@company.com', {});
    await h.store.completeAction('12345TE', run.id, 'swisssign-user-add:support@company.com', {
      result: { id: 'swisssign-user-add:support@company.com', status: 'done', message: 'from the journal' },
    });
    const outcome = await applyPlan(h.deps, config, plan, { now: NOW, runKey: runKeyOf(inputs) });
    expect(outcome.results.map((r) => r.message ?? r.status)).toEqual(['done', 'from the journal']);
    expect(await h.store.listSwissSignUsers('12345TE')).toEqual([]);
    expect((await h.store.listRuns('12345TE'))[0]).toMatchObject({ id: run.id, status: 'succeeded' });
  });
});

describe('key imports', () => {
  test('imports PKCS#12 (default passphrase, then the list), certificates and PGP keys; reports failures per file', async () => {
    h = await harness();
    const config = testConfig(h.sim);
    const ext = await externalCertificate(h, 'import-test');
    const p12 = ext.pkcs12;
    const issued = { certificate: { pem: ext.certificatePem } };
    await h.store.addPassphrases('12345TE', [new Secret('listed-pass')]);
    const pgp = await generatePgpKey({
      address: 'pgp@company.com',
      name: 'Pgp User',
      keyType: 'Curve25519',
      now: NOW,
    });
    const enc = new TextEncoder();
    const results = await importKeys(
      h.store,
      config,
      [
        { name: 'a.p12', folder: 'private', bytes: await p12('default-pass') },
        { name: 'b.p12', folder: 'private', bytes: await p12('listed-pass') },
        { name: 'c.p12', folder: 'private', bytes: await p12('unknown-pass') },
        { name: 'ext.crt', folder: 'public', bytes: enc.encode(issued.certificate.pem) },
        { name: 'pgp.asc', folder: 'public', bytes: enc.encode(pgp.publicKeyArmored) },
        { name: 'junk.asc', folder: 'public', bytes: enc.encode('not a key') },
      ],
      { now: NOW, defaultPassphrase: new Secret('default-pass') },
    );
    expect(
      results.map((r) => [r.file, r.kind, r.status]),
      JSON.stringify(results),
    ).toEqual([
      ['a.p12', 'pkcs12', 'imported'],
      ['b.p12', 'pkcs12', 'imported'],
      ['c.p12', 'pkcs12', 'failed'],
      ['ext.crt', 'certificate', 'imported'],
      ['pgp.asc', 'pgp-public', 'imported'],
      ['junk.asc', 'pgp-public', 'failed'],
    ]);
    expect(JSON.stringify(results)).not.toMatch(/default-pass|listed-pass|unknown-pass/);
    expect((await h.store.listCertificates('12345TE', 'ext@company.com')).map((c) => c.origin)).toEqual([
      'imported',
    ]);
    expect(await h.store.listArchivedKeys('12345TE', 'ext@company.com')).toHaveLength(1);
    expect((await h.store.listPgpKeys('12345TE')).map((k) => k.address)).toEqual(['pgp@company.com']);
  });
});
