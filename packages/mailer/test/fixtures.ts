import { readFileSync } from 'node:fs';
import type { Action, ActionResult, LineVerdict, Plan, SyncOutcome } from '@usesync/domain';
import { summarize } from '@usesync/domain';
import { parseUseImport, printEntry } from '@usesync/import-file';

/**
 * A hand-built "applied" outcome for the manual's example files (the diff engine and the apply
 * step are not used here): every line gets a verdict, the S/MIME lines order/revoke certificates.
 */

// The shared facts of the manual's example (names, certificates, masked rules) come from the
// report package's fixtures: one copy of the PEM files and constants for both packages.
import {
  chainPem,
  createdEvent,
  maskedRules,
  NOW,
  RULE_NAME,
  TENANT,
  USE_NAME,
} from '../../report/test/fixtures.js';

export { chainPem, createdEvent, maskedRules, NOW, RULE_NAME, TENANT, USE_NAME };

const examples = new URL('../../../examples/', import.meta.url);
export const useBytes = new Uint8Array(readFileSync(new URL(USE_NAME, examples)));
export const ruleBytes = new Uint8Array(readFileSync(new URL(RULE_NAME, examples)));

export function outcomeFor(useText: string, mode: 'automatic' | 'semi-automatic' = 'automatic'): SyncOutcome {
  const parsed = parseUseImport(useText);
  const lines: LineVerdict[] = [];
  const actions: Action[] = [];
  for (const e of parsed.value.entries) {
    const base = { line: e.line, file: 'useimport' as const, kind: e.kind, text: printEntry(e) };
    if (e.kind === 'smime-state' && e.keyState === 1 && e.team) {
      const id = `smime-create:${e.address}`;
      actions.push({
        id,
        kind: 'smime-create',
        line: e.line,
        reason: 'no active certificate',
        address: e.address,
        name: e.name ?? e.address,
        team: true,
        mode,
      });
      lines.push({
        ...base,
        prefix: mode === 'automatic' ? '(+)' : '(?)',
        reason: 'certificate ordered',
        actionIds: [id],
      });
    } else if (e.kind === 'group') {
      const id = `group-add:${e.group}:${e.member}`;
      actions.push({
        id,
        kind: 'group-add',
        line: e.line,
        reason: 'not yet a member',
        group: e.group,
        member: e.member,
      });
      lines.push({ ...base, prefix: '(+)', reason: `add ${e.member} to ${e.group}`, actionIds: [id] });
    } else if (e.kind === 'passphrase') {
      const id = `passphrase-add:${e.line}`;
      actions.push({
        id,
        kind: 'passphrase-add',
        line: e.line,
        reason: 'new passphrase',
        passphrase: e.passphrase,
      });
      lines.push({ ...base, prefix: '(+)', reason: 'passphrase added to the import list', actionIds: [id] });
    } else {
      lines.push({ ...base, prefix: '(%)', reason: 'no change needed', actionIds: [] });
    }
  }
  maskedRules.forEach((rule, i) => {
    const id = `rule-add:${i + 1}`;
    actions.push({ id, kind: 'rule-add', line: i + 1, reason: 'new rule', rule });
    lines.push({
      line: i + 1,
      file: 'ruleimport',
      prefix: '(+)',
      kind: 'rule',
      text: rule,
      reason: 'added',
      actionIds: [id],
    });
  });
  const plan: Plan = { tenant: TENANT, now: NOW, lines, actions, summary: summarize(lines, actions) };
  const results: ActionResult[] = actions.map((a) =>
    a.kind === 'smime-create'
      ? mode === 'automatic'
        ? { id: a.id, status: 'done', serial: '3f2a9c1d00000001', orderRef: 'ord-7f3e-0001' }
        : { id: a.id, status: 'handed-off' }
      : { id: a.id, status: 'done' },
  );
  return {
    plan,
    results,
    imports: [],
    certificates: mode === 'automatic' ? [createdEvent] : [],
    chainPem: mode === 'automatic' ? [chainPem] : [],
    startedAt: '2022-06-01T16:00:05Z',
    finishedAt: '2022-06-01T16:00:41Z',
  };
}
