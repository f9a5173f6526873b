import { Secret } from '@usesync/domain';
import { describe, expect, test } from 'vitest';
import { planBatchImport, planWatchdog, renewalDecision } from '../src/index.js';
import { cert, live, makePlan, NOW, rules, TENANT, useImport } from './fixtures.js';

const user = (address: string) => ({ address, name: address, team: false, addedAt: '2026-01-01T00:00:00Z' });
const SOON = '2026-06-02T00:00:00Z'; // inside a 48 h buffer
const LATER = '2027-06-01T00:00:00Z';
const GONE = '2026-05-01T00:00:00Z'; // expired

describe('one renewal rule', () => {
  test('valid beyond the buffer, renew inside it (a live one does not count against the cap), first otherwise', () => {
    expect(renewalDecision([cert('a@x.com', '01', LATER)], NOW, 48).kind).toBe('valid');
    expect(renewalDecision([cert('a@x.com', '01', SOON)], NOW, 48)).toMatchObject({
      kind: 'renew',
      countsAgainstCap: false,
    });
    expect(renewalDecision([cert('a@x.com', '01', GONE)], NOW, 48)).toMatchObject({
      kind: 'renew',
      countsAgainstCap: true,
    });
    expect(renewalDecision([cert('a@x.com', '01', LATER, { status: 'revoked' })], NOW, 48).kind).toBe(
      'first',
    );
    // The latest certificate decides, not the first one listed.
    expect(renewalDecision([cert('a@x.com', '01', SOON), cert('a@x.com', '02', LATER)], NOW, 48).kind).toBe(
      'valid',
    );
  });
});

describe('planWatchdog', () => {
  const policy = {
    enabled: true,
    mode: 'automatic' as const,
    chained: false,
    bufferHours: 48,
    maxLiveCertificates: 2,
  };

  test('renews inside the buffer, leaves valid ones, gives first certificates within the cap', () => {
    const p = planWatchdog({
      tenant: TENANT,
      now: NOW,
      live: {
        swissSignUsers: [user('a@x.com'), user('b@x.com'), user('c@x.com'), user('d@x.com')],
        certificates: [cert('a@x.com', '0a', SOON), cert('b@x.com', '0b', LATER)],
      },
      policy,
    });
    expect(p.lines.map((l) => [l.address, l.prefix])).toEqual([
      ['a@x.com', '(~)'],
      ['b@x.com', '(%)'],
      ['c@x.com', '(!)'], // two live certificates already: the cap of 2 is reached
      ['d@x.com', '(!)'],
    ]);
    expect(p.lines[2]?.reason).toMatch(/limit of 2 live certificates/);
    expect(p.actions).toMatchObject([{ kind: 'smime-create', address: 'a@x.com', renews: { serial: '0a' } }]);
  });

  test('chained mode renews existing certificates only; semi-automatic hands off; disabled checks nothing', () => {
    const input = {
      tenant: TENANT,
      now: NOW,
      live: {
        swissSignUsers: [user('a@x.com'), user('c@x.com')],
        certificates: [cert('a@x.com', '0a', SOON)],
      },
    };
    const chained = planWatchdog({ ...input, policy: { ...policy, chained: true, mode: 'semi-automatic' } });
    expect(chained.lines.map((l) => l.prefix)).toEqual(['(?)', '(%)']);
    expect(chained.actions).toMatchObject([{ mode: 'semi-automatic' }]);
    expect(planWatchdog({ ...input, policy: { ...policy, enabled: false } }).lines).toEqual([]);
  });
});

describe('planBatchImport', () => {
  test('the same rule and cap as the sync: valid rows are (%), twice listed once, renewals (~), the cap holds', () => {
    const p = planBatchImport({
      tenant: TENANT,
      now: NOW,
      rows: [
        { address: 'a@x.com', name: 'A', team: false },
        { address: 'b@x.com', name: 'B', team: true },
        { address: 'A@x.com', name: 'A', team: false },
        { address: 'c@x.com', name: 'C', team: false },
        { address: 'd@x.com', name: 'D', team: false },
      ],
      certificates: [cert('a@x.com', '0a', LATER), cert('b@x.com', '0b', SOON)],
      bufferHours: 48,
      maxLiveCertificates: 3,
    });
    expect(p.lines.map((l) => [l.line, l.prefix])).toEqual([
      [2, '(%)'],
      [3, '(~)'],
      [4, '(%)'],
      [5, '(+)'],
      [6, '(!)'],
    ]);
  });
});

describe('self-contained plans', () => {
  test('passphrases travel sealed; key files become key-import actions after them; the target rule set is carried', () => {
    const p = makePlan({
      useImport: useImport('passphrase:s3cret-pass;smimeimport\n#####\n'),
      ruleImport: rules('*;*;swm:sw-m-pass\n#####\n'),
      keyFiles: [{ name: 'k.p12', folder: 'private', bytes: new Uint8Array([1, 2, 3]) }],
      defaultImportPassphrase: new Secret('default-pass'),
      live: live(),
    });
    expect(p.actions.map((a) => a.kind)).toEqual(['passphrase-add', 'key-import', 'rule-add']);
    const imp = p.actions[1];
    if (imp?.kind !== 'key-import') throw new Error('no key import');
    expect(imp.passphrases.map((s) => s.reveal())).toEqual(['default-pass', 's3cret-pass']);
    expect(imp.content.reveal()).toEqual(new Uint8Array([1, 2, 3]));
    expect(p.targetRuleSet?.reveal()).toContain('sw-m-pass');
    const json = JSON.stringify(p);
    expect(json).not.toMatch(/s3cret-pass|sw-m-pass|default-pass/);
    expect(json).toContain('(3 bytes)');
  });
});
