import type { Store } from '@usesync/domain';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { applyPlan, planSync, runKeyOf } from '../src/index.js';
import { type Harness, harness, inputsOf, NOW, testConfig } from './fixtures.js';

const FILE = [
  'passphrase:123456;smimeimport',
  'smime-state:support@company.com;name:Support;keystate:1;teamcert:1',
  'smime-state:john.doe@company.com;name:John Doe;keystate:1;teamcert:0',
  'pgp-state:jane@company.com;name:Jane Roe;keystate:1;keylength:2048',
  'group:john.doe@company.com;finance',
  'group:company.com;all',
  '#####',
  '',
].join('\n');

const RULES = 'group:finance;*;swm:S3cret\n*;*;se;ss\n';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

async function sync(store: Store, text: string, rules?: string, now = NOW) {
  const config = testConfig(h.sim);
  const inputs = inputsOf(text, rules);
  expect(inputs.ok).toBe(true);
  const plan = await planSync(store, config, inputs, { now });
  const outcome = await applyPlan(h.deps, config, plan, { now, runKey: runKeyOf(inputs) });
  return { config, inputs, plan, outcome };
}

describe('applyPlan', () => {
  test('a first sync creates certificates, keys, groups and rules, and planning again finds nothing to do', async () => {
    const { outcome, config, inputs } = await sync(h.store, FILE, RULES);
    expect(outcome.results.filter((r) => r.status !== 'done')).toEqual([]);
    const certs = await h.store.listCertificates('12345TE');
    expect(certs.map((c) => [c.address, c.team, c.status])).toEqual([
      ['john.doe@company.com', false, 'active'],
      ['support@company.com', true, 'active'],
    ]);
    expect(outcome.certificates.map((e) => e.event)).toEqual(['created', 'created']);
    expect(outcome.chainPem.length).toBeGreaterThan(0);
    const keys = await h.store.listPgpKeys('12345TE');
    expect(keys).toHaveLength(1);
    expect((await h.store.listArchivedKeys('12345TE')).map((k) => `${k.kind}:${k.format}`).sort()).toEqual([
      'pgp:openpgp-armored',
      'smime:pkcs12',
      'smime:pkcs12',
      'smime:pkcs12-passphrase',
      'smime:pkcs12-passphrase',
      'smime:pkcs8-der',
      'smime:pkcs8-der',
    ]);
    expect((await h.store.listLedger('12345TE')).map((l) => `${l.address}:${l.kind}`).sort()).toEqual([
      'john.doe@company.com:create',
      'support@company.com:create',
    ]);
    expect((await h.store.listGroups('12345TE')).map((g) => [g.name, g.members])).toEqual([
      ['all', ['company.com']],
      ['finance', ['john.doe@company.com']],
    ]);
    expect(await h.store.getRuleSet('12345TE')).toContain('group:finance');
    expect(await h.store.listPassphrases('12345TE')).toHaveLength(1);
    expect((await h.store.listSwissSignUsers('12345TE')).map((u) => u.address)).toEqual([
      'john.doe@company.com',
      'support@company.com',
    ]);
    expect(h.sim.orders()).toHaveLength(2);
    const again = await planSync(h.store, config, inputs, { now: NOW });
    expect(again.actions).toEqual([]);
    expect(new Set(again.lines.map((l) => l.prefix))).toEqual(new Set(['(%)']));
  });

  test('keystate 0 revokes every certificate at the CA and deletes PGP keys; archived keys stay', async () => {
    await sync(h.store, FILE);
    const off = [
      'smime-state:john.doe@company.com;keystate:0',
      'pgp-state:jane@company.com;keystate:0',
      '#####',
      '',
    ].join('\n');
    const { outcome } = await sync(h.store, off);
    expect(outcome.results.filter((r) => r.status !== 'done')).toEqual([]);
    const john = await h.store.listCertificates('12345TE', 'john.doe@company.com');
    expect(john.map((c) => [c.status, c.revocationReason])).toEqual([['revoked', 'CESSATION_OF_OPERATION']]);
    expect(h.sim.orders().find((o) => o.email === 'john.doe@company.com')?.revocation).toBeTruthy();
    expect((await h.store.listPgpKeys('12345TE')).map((k) => k.status)).toEqual(['deleted']);
    expect(await h.store.listArchivedKeys('12345TE', 'john.doe@company.com')).not.toHaveLength(0);
    expect(outcome.certificates.map((e) => e.event)).toEqual(['revoked']);
    expect((await h.store.listSwissSignUsers('12345TE')).map((u) => u.address)).toEqual([
      'support@company.com',
    ]);
  });

  test('a failing order marks its action failed and the others still run', async () => {
    h.sim.faults.setOrderFault('john.doe@company.com', 'REJECTED');
    const { outcome } = await sync(h.store, FILE);
    const byId = new Map(outcome.results.map((r) => [r.id, r]));
    expect(byId.get('smime-create:john.doe@company.com')).toMatchObject({ status: 'failed' });
    expect(byId.get('smime-create:john.doe@company.com')?.message).toContain('REJECTED');
    expect(byId.get('smime-create:support@company.com')?.status).toBe('done');
    expect(byId.get('pgp-create:jane@company.com')?.status).toBe('done');
    expect((await h.store.listLedger('12345TE')).map((l) => l.address)).toEqual(['support@company.com']);
    const runs = await h.store.listRuns('12345TE');
    expect(runs[0]?.status).toBe('partial');
  });

  test('a refused plan executes nothing', async () => {
    const config = testConfig(h.sim);
    const inputs = inputsOf(FILE);
    const plan = {
      ...(await planSync(h.store, config, inputs, { now: NOW })),
      refusal: { code: 'X', message: 'no' },
    };
    const outcome = await applyPlan(h.deps, config, plan, { now: NOW, runKey: runKeyOf(inputs) });
    expect(outcome.results).toEqual([]);
    expect(await h.store.listRuns('12345TE')).toEqual([]);
    expect(h.sim.orders()).toEqual([]);
  });
});
