import { readFileSync } from 'node:fs';
import type {
  Action,
  ActionResult,
  CertificateEvent,
  LineVerdict,
  Plan,
  Prefix,
  SyncOutcome,
} from '@usesync/domain';
import { Secret, summarize } from '@usesync/domain';
import { parseUseImport, printEntry } from '@usesync/import-file';

/** Hand-built fixtures around the manual's example files (the diff engine is not used here). */

export const TENANT = '12345TE';
export const USE_NAME = '12345TE_use_import_2022-06-01_1600.useimport';
export const RULE_NAME = '12345TE_rules_2022-06-01_1600.ruleimport';
export const NOW = '2022-06-01T16:00:00Z';
const examples = new URL('../../../examples/', import.meta.url);
export const useText = readFileSync(new URL(USE_NAME, examples), 'utf8');
export const ruleText = readFileSync(new URL(RULE_NAME, examples), 'utf8');
export const supportPem = readFileSync(new URL('fixtures/support.pem', import.meta.url), 'utf8');
export const chainPem = readFileSync(new URL('fixtures/ca-chain.pem', import.meta.url), 'utf8');

/** The rules of the example rule file, canonical and masked as the rule printer writes them. */
export const maskedRules = [
  'support@company.com;*;untouched',
  'support@company.com;group:lawyers;fs:support@company.com;fe;swm',
  '*;tax-consultants.com;swm',
  'group:developers;software-company-external.org;swm:••••••',
  '*;*;se;ss;comment:USE Mastercatcher',
];

const parsed = parseUseImport(useText);
const textOf = (line: number): string => {
  const e = parsed.value.entries.find((x) => x.line === line);
  if (!e) throw new Error(`no entry on line ${line}`);
  return printEntry(e);
};

function v(
  line: number,
  prefix: Prefix,
  kind: string,
  reason: string,
  actionIds: string[] = [],
  address?: string,
): LineVerdict {
  return {
    line,
    file: 'useimport',
    prefix,
    kind,
    text: textOf(line),
    reason,
    actionIds,
    ...(address ? { address } : {}),
  };
}

/** Builds a plan for the example file; `mode` decides how support@company.com gets its certificate. */
export function examplePlan(mode: 'automatic' | 'semi-automatic' = 'automatic'): Plan {
  const actions: Action[] = [
    {
      id: 'pgp-delete:john.doe@company.com',
      kind: 'pgp-delete',
      line: 8,
      reason: 'keystate 0 and a key is live',
      address: 'john.doe@company.com',
      fingerprints: ['6F1C2B0A9E8D7C6B5A4938271605F4E3D2C1B0A9'],
    },
    {
      id: 'smime-create:support@company.com',
      kind: 'smime-create',
      line: 4,
      reason: 'keystate 1 and no active certificate',
      address: 'support@company.com',
      name: 'Support',
      team: true,
      mode,
    },
    {
      id: 'smime-revoke:john.doe@company.com',
      kind: 'smime-revoke',
      line: 6,
      reason: 'keystate 0 and an active certificate',
      address: 'john.doe@company.com',
      certificates: [{ serial: '1a2b3c4d5e6f0001', issuerDn: 'CN=Test Issuing CA,O=Test CA,C=CH' }],
    },
    {
      id: 'passphrase-add:3',
      kind: 'passphrase-add',
      line: 3,
      passphrase: new Secret('123456'),
      reason: 'new passphrase for key imports',
    },
    {
      id: 'group-add:untouched:domain-a.com',
      kind: 'group-add',
      line: 1,
      reason: 'not yet a member',
      group: 'untouched',
      member: 'domain-a.com',
    },
    {
      id: 'group-add:untouched:domain-b',
      kind: 'group-add',
      line: 2,
      reason: 'not yet a member',
      group: 'untouched',
      member: 'domain-b',
    },
    {
      id: 'group-remove:untouched:old.example',
      kind: 'group-remove',
      reason: 'no longer listed (groups are full state)',
      group: 'untouched',
      member: 'old.example',
    },
    ...maskedRules.map(
      (rule, i): Action => ({
        id: `rule-add:${i + 1}`,
        kind: 'rule-add',
        line: i + 1,
        reason: 'not in the live rule set',
        rule,
      }),
    ),
    { id: 'rule-remove:old', kind: 'rule-remove', reason: 'no longer in the rule file', rule: '*;*;ss' },
  ];
  const lines: LineVerdict[] = [
    v(
      1,
      '(+)',
      'group',
      'add domain-a.com to group untouched',
      ['group-add:untouched:domain-a.com'],
      'domain-a.com',
    ),
    v(
      2,
      '(+)',
      'group',
      'add domain-b to group untouched (no top-level domain: matches only that host)',
      ['group-add:untouched:domain-b'],
      'domain-b',
    ),
    v(3, '(+)', 'passphrase', 'passphrase added to the import list', ['passphrase-add:3']),
    v(
      4,
      mode === 'automatic' ? '(+)' : '(?)',
      'smime-state',
      mode === 'automatic'
        ? 'order a team certificate: no active certificate'
        : 'team certificate to be created by the service desk',
      ['smime-create:support@company.com'],
      'support@company.com',
    ),
    v(5, '(%)', 'smime-state', 'superseded by line 6', [], 'john.doe@company.com'),
    v(
      6,
      '(-)',
      'smime-state',
      'revoke the active certificate 1a2b3c4d5e6f0001',
      ['smime-revoke:john.doe@company.com'],
      'john.doe@company.com',
    ),
    v(7, '(%)', 'pgp-state', 'superseded by line 8', [], 'john.doe@company.com'),
    v(
      8,
      '(-)',
      'pgp-state',
      'delete the live PGP key (an archived copy is kept)',
      ['pgp-delete:john.doe@company.com'],
      'john.doe@company.com',
    ),
    v(9, '(%)', 'option', 'action-id RCR 123456'),
    ...maskedRules.map(
      (rule, i): LineVerdict => ({
        line: i + 1,
        file: 'ruleimport',
        prefix: '(+)',
        kind: 'rule',
        text: rule,
        reason: 'add to the live rule set',
        actionIds: [`rule-add:${i + 1}`],
      }),
    ),
  ];
  return { tenant: TENANT, now: NOW, lines, actions, summary: summarize(lines, actions) };
}

export const createdEvent: CertificateEvent = {
  event: 'created',
  address: 'support@company.com',
  serial: '3f2a9c1d00000001',
  subjectDn: 'E=support@company.com,CN=Support,O=Company,C=CH',
  issuerDn: 'CN=Test Issuing CA,O=Test CA,C=CH',
  notBefore: '2026-11-27T04:06:03Z',
  notAfter: '2027-11-27T04:06:03Z',
  team: true,
  orderRef: 'ord-7f3e-0001',
  certificatePem: supportPem,
};

export const revokedEvent: CertificateEvent = {
  event: 'revoked',
  address: 'john.doe@company.com',
  serial: '1a2b3c4d5e6f0001',
  subjectDn: 'E=john.doe@company.com,CN=John Doe,O=Company,C=CH',
  issuerDn: 'CN=Test Issuing CA,O=Test CA,C=CH',
  notBefore: '2021-06-01T10:00:00Z',
  notAfter: '2022-06-01T10:00:00Z',
  team: false,
  orderRef: 'ord-1111-0042',
  revocationReason: 'CESSATION_OF_OPERATION',
};

/** The example applied: one rule failed, everything else done. */
export function exampleOutcome(): SyncOutcome {
  const plan = examplePlan();
  const results: ActionResult[] = plan.actions.map((a): ActionResult => {
    if (a.id === 'smime-create:support@company.com')
      return { id: a.id, status: 'done', serial: '3f2a9c1d00000001', orderRef: 'ord-7f3e-0001' };
    if (a.id === 'rule-add:2')
      return { id: a.id, status: 'failed', message: 'group lawyers does not exist on the gateway' };
    return { id: a.id, status: 'done' };
  });
  return {
    plan,
    results,
    imports: [
      {
        file: 'alice@company.com.p12',
        kind: 'pkcs12',
        status: 'imported',
        address: 'alice@company.com',
        reference: '5d00aa0000000007',
      },
      {
        file: 'bob@company.com.p12',
        kind: 'pkcs12',
        status: 'failed',
        message: 'no passphrase of the import list opens this file',
      },
    ],
    certificates: [createdEvent, revokedEvent],
    chainPem: [chainPem],
    startedAt: '2022-06-01T16:00:05Z',
    finishedAt: '2022-06-01T16:00:41Z',
  };
}

/** The example in semi-automatic mode: the certificate was handed to the service desk. */
export function semiAutoOutcome(): SyncOutcome {
  const plan = examplePlan('semi-automatic');
  return {
    plan,
    results: plan.actions.map(
      (a): ActionResult => ({ id: a.id, status: a.kind === 'smime-create' ? 'handed-off' : 'done' }),
    ),
    imports: [],
    certificates: [revokedEvent],
    chainPem: [],
    startedAt: '2022-06-01T16:00:05Z',
    finishedAt: '2022-06-01T16:00:09Z',
  };
}
