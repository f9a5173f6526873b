import {
  type Action,
  type ActionResult,
  type CertificateEvent,
  type JournalEntry,
  type KeyImportResult,
  type LineVerdict,
  type Prefix,
  type SmimeCreateAction,
  type SyncOutcome,
  summarize,
} from '@usesync/domain';
import { fromJournal } from './context.js';

const ORDER: readonly Action['kind'][] = [
  'passphrase-add',
  'key-import',
  'pgp-delete',
  'pgp-create',
  'smime-revoke',
  'smime-create',
  'swisssign-user-remove',
  'swisssign-user-add',
  'group-add',
  'group-remove',
  'rule-add',
  'rule-remove',
];

/** An `smime-create` action rebuilt from the certificate event it journalled. */
function smimeActionOf(id: string, e: CertificateEvent): SmimeCreateAction {
  const cn = /(?:^|,\s*)CN=([^,]+)/.exec(e.subjectDn)?.[1] ?? e.address;
  return {
    kind: 'smime-create',
    id,
    reason: 'ordered by the interrupted run this one resumed',
    address: e.address,
    name: cn,
    team: e.team,
    mode: 'automatic',
  };
}

function prefixOf(a: Action, event: CertificateEvent | undefined): Prefix | undefined {
  switch (a.kind) {
    case 'smime-create':
      return event?.event === 'renewed' || a.renews ? '(~)' : '(+)';
    case 'pgp-create':
      return '(+)';
    case 'smime-revoke':
    case 'pgp-delete':
      return '(-)';
    default:
      return undefined;
  }
}

/**
 * A run resumed after a takeover re-plans against a store the interrupted holder already changed:
 * what that holder completed (a certificate ordered and billed, a key made) no longer appears in
 * the new plan. This puts it back from the journal — action, result, certificate event, key import
 * — and turns the line that now reads `(%)` for that address into the prefix of what was done, so
 * the reports (and the certificate zip) hold everything the run did, whoever did it.
 */
export function mergeResumed(outcome: SyncOutcome, journal: readonly JournalEntry[]): SyncOutcome {
  const known = new Set(outcome.plan.actions.map((a) => a.id));
  const actions: Action[] = [...outcome.plan.actions];
  const results: ActionResult[] = [...outcome.results];
  const certificates: CertificateEvent[] = [];
  const imports: KeyImportResult[] = [];
  let chainPem = outcome.chainPem;
  const lines: LineVerdict[] = outcome.plan.lines.map((l) => ({ ...l }));
  for (const entry of journal) {
    if (entry.state !== 'completed' || known.has(entry.actionId)) continue;
    const out = fromJournal(entry.actionId, entry.outcome);
    const action = out.action ?? (out.event ? smimeActionOf(entry.actionId, out.event) : undefined);
    if (!action) continue;
    known.add(action.id);
    actions.push(action);
    results.push(out.result);
    if (out.event) certificates.push(out.event);
    if (out.imported) imports.push(out.imported);
    if (out.chainPem && chainPem.length === 0) chainPem = out.chainPem;
    const prefix = prefixOf(action, out.event);
    const address = 'address' in action ? action.address.toLowerCase() : undefined;
    if (!prefix || address === undefined) continue;
    const i = lines.findIndex(
      (l) => l.file === 'useimport' && l.prefix === '(%)' && l.address?.toLowerCase() === address,
    );
    const line = lines[i];
    if (line) {
      lines[i] = {
        ...line,
        prefix,
        reason: `${line.reason}; done by the interrupted run this one resumed`,
        actionIds: [...line.actionIds, action.id],
      };
    }
  }
  if (actions.length === outcome.plan.actions.length) return outcome;
  const rank = (a: Action) => ORDER.indexOf(a.kind);
  const sorted = actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i)
    .map((x) => x.a);
  return {
    ...outcome,
    plan: { ...outcome.plan, lines, actions: sorted, summary: summarize(lines, sorted) },
    results,
    certificates: [...certificates, ...outcome.certificates],
    imports: [...imports, ...outcome.imports],
    chainPem,
  };
}
