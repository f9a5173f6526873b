import { readFileSync } from 'node:fs';
import { parseUseImportBytes } from '@usesync/import-file';
import { describe, expect, test } from 'vitest';
import { cert, live, makePlan, pgpKey, policy, prefixes, rules, useImport } from './fixtures.js';

const manual = parseUseImportBytes(
  readFileSync(new URL('../../../examples/12345TE_use_import_2022-06-01_1600.useimport', import.meta.url)),
).value;

describe('the manual example on an empty store', () => {
  const p = makePlan({ useImport: manual });

  test('every input line gets its prefix and reason', () => {
    expect(p.lines.map((l) => [l.line, l.prefix, l.reason])).toEqual([
      [1, '(+)', 'add to untouched'],
      [2, '(+)', 'add to untouched'],
      [3, '(+)', 'add to the passphrase list'],
      [4, '(+)', 'create a team certificate'],
      [5, '(%)', 'superseded by line 6'],
      [6, '(%)', 'no valid certificate'],
      [7, '(%)', 'superseded by line 8'],
      [8, '(%)', 'no live PGP key'],
      [9, '(%)', 'option action-id set'],
    ]);
  });

  test('actions come in the manual order with stable ids', () => {
    expect(p.actions.map((a) => a.id)).toEqual([
      'passphrase-add:3',
      'smime-create:support@company.com',
      'swisssign-user-add:support@company.com',
      'group-add:untouched:domain-a.com',
      'group-add:untouched:domain-b',
    ]);
    expect(p.summary.lines['(+)']).toBe(4);
    expect(p.summary.actions['smime-create']).toBe(1);
  });

  test('the plan holds no secret and serialises to JSON', () => {
    const json = JSON.stringify(p);
    expect(json).not.toContain('passphrase:123456');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(p)));
    expect(p.lines[2]!.text).toBe('passphrase:••••••;smimeimport');
  });
});

describe('key states', () => {
  test('empty store: creations, revocations of nothing, groups', () => {
    const p = makePlan({
      useImport: useImport(
        [
          'pgp-state:a@x.com;name:A;keystate:1',
          'pgp-state:b@x.com;keystate:0',
          'smime-state:c@x.com;name:C D;teamcert:0;keystate:1',
          'smime-state:d@x.com;keystate:0',
          'group:a@x.com;g1',
        ].join('\n'),
      ),
    });
    expect(prefixes(p)).toEqual(['1 (+)', '2 (%)', '3 (+)', '4 (%)', '5 (+)']);
    const create = p.actions.find((a) => a.kind === 'pgp-create');
    expect(create).toMatchObject({ keyType: 'RSA', keyLength: 4096, validity: { amount: 1, unit: 'y' } });
  });

  test('live keys and certificates: (%) when wanted, (-) when not', () => {
    const p = makePlan({
      live: live({
        pgpKeys: [pgpKey('a@x.com', 'AAAA'), pgpKey('b@x.com', 'BBBB')],
        certificates: [
          cert('c@x.com', '0c', '2027-01-01T00:00:00Z'),
          cert('d@x.com', '0d', '2027-01-01T00:00:00Z'),
        ],
      }),
      useImport: useImport(
        [
          'pgp-state:a@x.com;name:A;keystate:1',
          'pgp-state:b@x.com;keystate:0',
          'smime-state:c@x.com;name:C D;teamcert:0;keystate:1',
          'smime-state:d@x.com;keystate:0',
        ].join('\n'),
      ),
    });
    expect(prefixes(p)).toEqual(['1 (%)', '2 (-)', '3 (%)', '4 (-)']);
    expect(p.actions.find((a) => a.kind === 'pgp-delete')).toMatchObject({ fingerprints: ['BBBB'] });
    expect(p.actions.find((a) => a.kind === 'smime-revoke')).toMatchObject({
      certificates: [{ serial: '0d', issuerDn: 'CN=Test Issuing CA' }],
    });
  });

  test('expired, revoked and deleted material counts as absent', () => {
    const p = makePlan({
      live: live({
        pgpKeys: [
          pgpKey('a@x.com', 'AAAA', { expires: '2026-05-01T00:00:00Z' }),
          pgpKey('b@x.com', 'B', { status: 'deleted' }),
        ],
        certificates: [
          cert('c@x.com', '0c', '2026-05-01T00:00:00Z'),
          cert('d@x.com', '0d', '2027-01-01T00:00:00Z', { status: 'revoked' }),
        ],
      }),
      useImport: useImport(
        [
          'pgp-state:a@x.com;name:A;keystate:1',
          'pgp-state:b@x.com;name:B;keystate:1',
          'smime-state:c@x.com;name:C;teamcert:1;keystate:1',
          'smime-state:d@x.com;name:D;teamcert:1;keystate:1',
        ].join('\n'),
      ),
    });
    expect(prefixes(p)).toEqual(['1 (+)', '2 (+)', '3 (+)', '4 (+)']);
  });

  test('a certificate expiring inside the 48 h buffer is renewed with (~)', () => {
    const p = makePlan({
      live: live({ certificates: [cert('c@x.com', '0c', '2026-06-02T12:00:00Z')] }),
      useImport: useImport('smime-state:c@x.com;name:C;teamcert:1;keystate:1'),
    });
    expect(prefixes(p)).toEqual(['1 (~)']);
    expect(p.actions[0]).toMatchObject({ kind: 'smime-create', renews: { serial: '0c' } });
  });

  test('semi-automatic mode hands creations to the service desk with (?)', () => {
    const p = makePlan({
      policy: policy({ smime: { mode: 'semi-automatic' } }),
      useImport: useImport('smime-state:c@x.com;name:C;teamcert:1;keystate:1'),
    });
    expect(prefixes(p)).toEqual(['1 (?)']);
    expect(p.actions[0]).toMatchObject({ kind: 'smime-create', mode: 'semi-automatic' });
  });

  test('policy refusals: DSA, weak keys, disabled features, external certificates', () => {
    const p = makePlan({
      policy: policy({ smime: { source: 'external' } }),
      useImport: useImport(
        [
          'pgp-state:a@x.com;name:A;keystate:1;keytype:DSA',
          'pgp-state:b@x.com;name:B;keystate:1;keylength:1024',
          'smime-state:c@x.com;name:C;teamcert:1;keystate:1',
        ].join('\n'),
      ),
    });
    expect(p.lines.map((l) => [l.prefix, l.reason])).toEqual([
      ['(!)', 'DSA keys are not generated (RFC 9580 deprecates DSA); use keytype:RSA'],
      ['(!)', "keylength 1024 is below this tenant's minimum of 2048 bit (weak keys are not allowed)"],
      [
        '(!)',
        'certificates of this tenant are bought externally: upload the PKCS#12 to the private-keys folder',
      ],
    ]);
    const off = makePlan({
      policy: policy({ pgp: { enabled: false } }),
      useImport: useImport('pgp-state:a@x.com;name:A;keystate:1'),
    });
    expect(off.lines[0]).toMatchObject({ prefix: '(!)', reason: 'PGP is not enabled for this tenant' });
  });
});

describe('groups are full state', () => {
  test('an unlisted member is removed; unnamed groups are untouched', () => {
    const p = makePlan({
      live: live({
        groups: [
          { name: 'g1', members: ['a@x.com', 'old@x.com'] },
          { name: 'other', members: ['z@x.com'] },
        ],
      }),
      useImport: useImport('group:a@x.com;g1\ngroup:b@x.com;g1\ngroup:b@x.com;g1'),
    });
    expect(prefixes(p)).toEqual(['1 (%)', '2 (+)', '3 (%)']);
    expect(p.actions.map((a) => a.id)).toEqual(['group-add:g1:b@x.com', 'group-remove:g1:old@x.com']);
  });
});

describe('aggregated state', () => {
  test('an absent managed address is revoked and unlisted; single-user state changes nothing', () => {
    const state = live({
      certificates: [
        cert('a@x.com', '0a', '2027-01-01T00:00:00Z'),
        cert('gone@x.com', '0b', '2027-01-01T00:00:00Z'),
      ],
      swissSignUsers: [{ address: 'gone@x.com', name: 'Gone', team: false, addedAt: '2026-01-01T00:00:00Z' }],
    });
    const file = useImport('smime-state:a@x.com;name:A;teamcert:1;keystate:1');
    const agg = makePlan({ live: state, useImport: file, policy: policy({ state: 'aggregated' }) });
    expect(agg.actions.map((a) => [a.id, a.reason])).toEqual([
      ['smime-revoke:gone@x.com', 'absent from the aggregated state file'],
      ['swisssign-user-add:a@x.com', 'keystate 1'],
      ['swisssign-user-remove:gone@x.com', 'absent from the aggregated state file'],
    ]);
    const single = makePlan({ live: state, useImport: file });
    expect(single.actions.map((a) => a.id)).toEqual(['swisssign-user-add:a@x.com']);
  });
});

describe('safety limits', () => {
  test('creations beyond the cap on live certificates are refused, each with its reason', () => {
    const p = makePlan({
      policy: policy({ smime: { maxLiveCertificates: 2 } }),
      live: live({ certificates: [cert('a@x.com', '0a', '2027-01-01T00:00:00Z')] }),
      useImport: useImport(
        ['b', 'c', 'd'].map((x) => `smime-state:${x}@x.com;name:${x};teamcert:1;keystate:1`).join('\n'),
      ),
    });
    expect(prefixes(p)).toEqual(['1 (+)', '2 (!)', '3 (!)']);
    expect(p.lines[1]!.reason).toBe("refused: the tenant's limit of 2 live certificates would be exceeded");
  });

  test('revocations in the same plan free capacity', () => {
    const p = makePlan({
      policy: policy({ smime: { maxLiveCertificates: 1 } }),
      live: live({ certificates: [cert('a@x.com', '0a', '2027-01-01T00:00:00Z')] }),
      useImport: useImport(
        'smime-state:b@x.com;name:B;teamcert:1;keystate:1\nsmime-state:a@x.com;keystate:0',
      ),
    });
    expect(prefixes(p)).toEqual(['1 (+)', '2 (-)']);
  });

  test('the revocation guard refuses a mass revocation as a whole unless overridden', () => {
    const certificates = Array.from({ length: 40 }, (_, i) =>
      cert(`u${i}@x.com`, `${i}`, '2027-01-01T00:00:00Z'),
    );
    const file = useImport(certificates.map((c) => `smime-state:${c.address};keystate:0`).join('\n'));
    const p = makePlan({ live: live({ certificates }), useImport: file });
    expect(p.refusal?.code).toBe('REVOCATION_GUARD');
    expect(p.refusal?.message).toContain('revoke or delete 40 of 40');
    expect(p.refusal?.message).toContain('--allow-mass-revocation');
    expect(
      makePlan({ live: live({ certificates }), useImport: file, allowMassRevocation: true }).refusal,
    ).toBeUndefined();
  });
});

describe('passphrases and the rule set', () => {
  test('known passphrases are (%) and duplicates are reported once', () => {
    const p = makePlan({
      useImport: useImport(
        'passphrase:one;smimeimport\npassphrase:two;smimeimport\npassphrase:one;smimeimport',
      ),
      isKnownPassphrase: (s) => s.reveal() === 'two',
    });
    expect(p.lines.map((l) => `${l.prefix} ${l.reason}`)).toEqual([
      '(+) add to the passphrase list',
      '(%) already on the passphrase list',
      '(%) same passphrase as line 1',
    ]);
  });

  test('rules are diffed against the live set: added, unchanged, removed', () => {
    const liveRules = rules('*;*;se;ss\nold@x.com;*;untouched\n');
    const target = rules('*;*;ss;se\n*;tax-consultants.com;swm:S3cret\n');
    const p = makePlan({ ruleImport: target, liveRules });
    expect(p.lines.map((l) => [l.file, l.line, l.prefix])).toEqual([
      ['ruleimport', 1, '(%)'],
      ['ruleimport', 2, '(+)'],
    ]);
    expect(p.actions.map((a) => a.kind)).toEqual(['rule-add', 'rule-remove']);
    expect(JSON.stringify(p)).not.toContain('S3cret');
  });
});
