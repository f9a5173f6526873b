import {
  type Action,
  type KeyImportAction,
  type Plan,
  type PlanRefusal,
  Secret,
  SecretBytes,
  summarize,
} from '@usesync/domain';
import { printRuleSetUnmasked } from '@usesync/rule-notation';
import type { PlanInput } from './input.js';
import { PlanBuilder } from './internal/builder.js';
import { planGroups } from './internal/groups.js';
import { planPgp } from './internal/keys.js';
import { indexLive } from './internal/live-index.js';
import { planPassphrasesAndOptions } from './internal/misc.js';
import { planRules } from './internal/rules.js';
import { planSmime } from './internal/smime.js';

/**
 * Action order: passphrases first, then key imports (which may need them), then the manual's
 * order: PGP (3.1), S/MIME revocations, creations and the swisssign-users list (3.2), groups
 * (3.3), the rule set (3.4).
 */
const SECTIONS = [
  'passphrases',
  'key-imports',
  'pgp',
  'smime-revoke',
  'smime-create',
  'swisssign-users',
  'groups',
  'rules',
];

/**
 * Makes the plan: the actions that take the live state to the target state, nothing more, and a
 * verdict for every input line. Pure and deterministic: the same input gives the same plan, and
 * the input is never changed. Makes no network calls and reads no files.
 *
 * @example
 * const p = plan({ tenant: '12345TE', now: new Date(), useImport: parsed.value, live, policy: DEFAULT_POLICY });
 */
export function plan(input: PlanInput): Plan {
  const idx = indexLive(input.live, input.now.getTime());
  const b = new PlanBuilder();
  planPassphrasesAndOptions(input, b);
  planPgp(input, idx, b);
  planSmime(input, idx, b);
  planGroups(input, idx, b);
  planRules(input, b);
  planKeyImports(input, b);
  const actions = b.actions(SECTIONS);
  const lines = b.sortedVerdicts();
  const refusal = input.allowMassRevocation
    ? undefined
    : revocationGuard(input, actions, idx.liveCertificates + idx.livePgpKeys);
  return {
    tenant: input.tenant,
    now: input.now.toISOString(),
    lines,
    actions,
    ...(refusal ? { refusal } : {}),
    summary: summarize(lines, actions),
    ...(input.ruleImport ? { targetRuleSet: new Secret(printRuleSetUnmasked(input.ruleImport)) } : {}),
  };
}

/** One `key-import` action per waiting key file, with the candidate passphrases known now. */
function planKeyImports(input: PlanInput, b: PlanBuilder): void {
  if (!input.keyFiles?.length) return;
  const fresh: Secret[] = [];
  for (const a of b.actions(['passphrases'])) if (a.kind === 'passphrase-add') fresh.push(a.passphrase);
  const passphrases = input.defaultImportPassphrase ? [input.defaultImportPassphrase, ...fresh] : fresh;
  for (const f of input.keyFiles) {
    const action: KeyImportAction = {
      kind: 'key-import',
      id: `key-import:${f.folder}/${f.name}`,
      reason: `uploaded to the ${f.folder} key folder`,
      file: f.name,
      folder: f.folder,
      content: new SecretBytes(f.bytes),
      passphrases,
    };
    b.add('key-imports', action);
  }
}

/**
 * "Prevent accidental deletes": a plan that would revoke or delete more than the threshold
 * (percent of the live certificates + PGP keys, at least `minimum`) is refused as a whole.
 */
function revocationGuard(
  input: PlanInput,
  actions: readonly Action[],
  live: number,
): PlanRefusal | undefined {
  let destructive = 0;
  for (const a of actions) {
    if (a.kind === 'smime-revoke') destructive += a.certificates.length;
    else if (a.kind === 'pgp-delete') destructive += a.fingerprints.length;
  }
  if (destructive === 0) return undefined;
  const { percent, minimum, windowHours } = input.policy.revocationGuard;
  const recent = input.recentDestructive ?? 0;
  // The threshold is taken of what was live before the window's revocations began.
  const base = live + recent;
  const threshold = Math.max(minimum, Math.floor((base * percent) / 100));
  if (destructive + recent <= threshold) return undefined;
  const earlier =
    recent > 0
      ? ` (with the ${recent} revoked or deleted in the last ${windowHours} h: ${destructive + recent})`
      : '';
  return {
    code: 'REVOCATION_GUARD',
    message:
      `Refused: this plan would revoke or delete ${destructive} of ${live} live keys and certificates${earlier}, ` +
      `more than the tenant's threshold of ${threshold} (${percent} %, at least ${minimum}, per ${windowHours} h). ` +
      'Nothing was applied. Check the file; if it is right, run again with --allow-mass-revocation.',
  };
}
