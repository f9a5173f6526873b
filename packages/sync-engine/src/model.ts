import {
  addValidity,
  assertNever,
  type CertificateRecord,
  type LiveState,
  type PgpKeyRecord,
  type Plan,
} from '@usesync/domain';

/**
 * Applies a plan to a live state the way a flawless executor would, without any key material:
 * created keys get synthetic fingerprints and serials, certificates one year of validity.
 * For tests and what-if views: planning again on the result must yield only no-ops. The rule set
 * cannot be modelled from masked text, so `ruleSetText` is taken from `targetRuleSetText`.
 */
export function applyPlanToModel(live: LiveState, p: Plan, targetRuleSetText?: string): LiveState {
  if (p.refusal) return live;
  const now = new Date(p.now);
  const pgpKeys: PgpKeyRecord[] = [...live.pgpKeys];
  let certificates: CertificateRecord[] = [...live.certificates];
  const groups = new Map(live.groups.map((g) => [g.name, new Set(g.members)]));
  let swissSignUsers = [...live.swissSignUsers];
  let ruleSetText = live.ruleSetText;
  let n = 0;
  for (const a of p.actions) {
    n++;
    switch (a.kind) {
      case 'pgp-create':
        pgpKeys.push({
          address: a.address,
          fingerprint: `MODEL${String(n).padStart(35, '0')}`,
          algorithm: a.keyType,
          bits: a.keyLength,
          userId: `${a.name} <${a.address}>`,
          created: now.toISOString(),
          expires: addValidity(now, a.validity).toISOString(),
          status: 'active',
          origin: 'created',
          publicKeyArmored: '',
        });
        break;
      case 'pgp-delete':
        for (let i = 0; i < pgpKeys.length; i++) {
          const k = pgpKeys[i]!;
          if (a.fingerprints.includes(k.fingerprint)) pgpKeys[i] = { ...k, status: 'deleted' };
        }
        break;
      case 'smime-create':
        certificates.push({
          address: a.address,
          serial: n.toString(16).padStart(16, '0'),
          issuerDn: 'CN=Model CA',
          subjectDn: `CN=${a.name}`,
          sanEmails: [a.address],
          notBefore: now.toISOString(),
          notAfter: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
          status: 'active',
          team: a.team,
          origin: 'created',
          certificatePem: '',
        });
        break;
      case 'smime-revoke': {
        const serials = new Set(a.certificates.map((c) => c.serial));
        certificates = certificates.map((c) =>
          serials.has(c.serial) ? { ...c, status: 'revoked', revokedAt: now.toISOString() } : c,
        );
        break;
      }
      case 'group-add':
        if (!groups.has(a.group)) groups.set(a.group, new Set());
        groups.get(a.group)!.add(a.member);
        break;
      case 'group-remove':
        groups.get(a.group)?.delete(a.member);
        break;
      case 'rule-add':
      case 'rule-remove':
        ruleSetText = targetRuleSetText ?? ruleSetText;
        break;
      case 'passphrase-add':
      case 'key-import':
        break;
      case 'swisssign-user-add':
        swissSignUsers = [
          ...swissSignUsers.filter((u) => u.address !== a.address),
          { address: a.address, name: a.name, team: a.team, addedAt: now.toISOString() },
        ];
        break;
      case 'swisssign-user-remove':
        swissSignUsers = swissSignUsers.filter((u) => u.address !== a.address);
        break;
      default:
        assertNever(a, 'action');
    }
  }
  return {
    ...live,
    pgpKeys,
    certificates,
    groups: [...groups].map(([name, members]) => ({ name, members: [...members].sort() })),
    swissSignUsers,
    ruleSetText,
  };
}
