import {
  type CertificateRecord,
  emptyLiveState,
  type LiveState,
  type PgpKeyRecord,
  type Plan,
} from '@usesync/domain';
import { parseUseImport } from '@usesync/import-file';
import { parseRuleFile } from '@usesync/rule-notation';
import { DEFAULT_POLICY, type PlanInput, type PlanPolicy, plan } from '../src/index.js';

export const NOW = new Date('2026-06-01T12:00:00Z');
export const TENANT = '12345TE';

/** Parses a `.useimport` text that must have no errors. */
export function useImport(text: string) {
  const r = parseUseImport(text.endsWith('#####\n') || text.endsWith('#####') ? text : `${text}\n#####\n`);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(JSON.stringify(errors));
  return r.value;
}

/** Parses a `.ruleimport` text that must have no errors. */
export function rules(text: string) {
  const r = parseRuleFile(text);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(JSON.stringify(errors));
  return r.value;
}

export function cert(
  address: string,
  serial: string,
  notAfter: string,
  extra: Partial<CertificateRecord> = {},
): CertificateRecord {
  return {
    address,
    serial,
    issuerDn: 'CN=Test Issuing CA',
    subjectDn: `CN=${address}`,
    sanEmails: [address],
    notBefore: '2026-01-01T00:00:00Z',
    notAfter,
    status: 'active',
    team: false,
    origin: 'created',
    certificatePem: '',
    ...extra,
  };
}

export function pgpKey(
  address: string,
  fingerprint: string,
  extra: Partial<PgpKeyRecord> = {},
): PgpKeyRecord {
  return {
    address,
    fingerprint,
    algorithm: 'RSA',
    bits: 4096,
    userId: `X <${address}>`,
    created: '2026-01-01T00:00:00Z',
    expires: '2027-01-01T00:00:00Z',
    status: 'active',
    origin: 'created',
    publicKeyArmored: '',
    ...extra,
  };
}

export function live(extra: Partial<LiveState> = {}): LiveState {
  return { ...emptyLiveState(TENANT), ...extra };
}

export function policy(
  overrides: {
    pgp?: Partial<PlanPolicy['pgp']>;
    smime?: Partial<PlanPolicy['smime']>;
    state?: PlanPolicy['state'];
    revocationGuard?: Partial<PlanPolicy['revocationGuard']>;
  } = {},
): PlanPolicy {
  return {
    pgp: { ...DEFAULT_POLICY.pgp, ...overrides.pgp },
    smime: { ...DEFAULT_POLICY.smime, ...overrides.smime },
    state: overrides.state ?? DEFAULT_POLICY.state,
    revocationGuard: { ...DEFAULT_POLICY.revocationGuard, ...overrides.revocationGuard },
  };
}

export function makePlan(input: Partial<PlanInput> & { useImport?: PlanInput['useImport'] }): Plan {
  return plan({ tenant: TENANT, now: NOW, live: live(), policy: DEFAULT_POLICY, ...input });
}

/** `line prefix` pairs of a plan, for compact assertions. */
export function prefixes(p: Plan): string[] {
  return p.lines.map((l) => `${l.line} ${l.prefix}`);
}
