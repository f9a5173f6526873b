import type { Action, ActionResult, Plan, Prefix, SyncOutcome } from '@usesync/domain';
import { PREFIXES, syncStatus } from '@usesync/domain';
import { describeAction, resultDetail, resultWord } from './internal/actions.js';
import type { Block } from './internal/doc.js';
import { formatTime, plural } from './internal/format.js';
import { docLines, effectiveLine } from './internal/verdicts.js';
import { type RenderedReport, render } from './rendered.js';

/** Names of the uploaded files the report is about. */
export interface ReportFiles {
  readonly useimport?: string;
  readonly ruleimport?: string;
}

/** Input of {@link renderSyncReport}. */
export interface SyncReportInput {
  /** A plan alone (dry run: nothing applied) or the outcome of applying it. */
  readonly source: Plan | SyncOutcome;
  readonly files: ReportFiles;
  /** The `action-id` option of the file (e.g. `RCR 123456`), if any. */
  readonly actionId?: string;
  /** When the report is made (ISO-8601). */
  readonly now: string;
  /** The live rule set after the run (or as planned), canonical and masked, one rule a string. */
  readonly liveRules?: readonly string[];
}

/** What each prefix means, for the legend. */
export const PREFIX_MEANINGS: Readonly<Record<Prefix, string>> = {
  '(+)': 'created or added',
  '(-)': 'revoked, deleted or removed',
  '(~)': 'renewed (certificate expires within the buffer)',
  '(?)': 'handed to the service desk (semi-automatic CSV)',
  '(!)': 'refused or failed (see the reason)',
  '(%)': 'no change needed',
};

function isOutcome(source: Plan | SyncOutcome): source is SyncOutcome {
  return 'results' in source;
}

const KEY_KINDS = new Set<Action['kind']>([
  'pgp-create',
  'pgp-delete',
  'smime-create',
  'smime-revoke',
  'passphrase-add',
  'key-import',
  'swisssign-user-add',
  'swisssign-user-remove',
]);

/** The headline word of an outcome: its `syncStatus`, `ok` said as `applied`. */
function headlineWord(outcome: SyncOutcome): string {
  const status = syncStatus(outcome);
  return status === 'ok' ? 'applied' : status;
}

function refusedLines(plan: Plan): string {
  const n = plan.lines.filter((l) => l.prefix === '(!)').length;
  return n === 0 ? '' : `, ${plural(n, 'line')} refused (!)`;
}

/**
 * Renders the sync report: a header, every line of the input files in order with its prefix and
 * what happened and why, then keys and certificates, group changes, rule-set changes, key
 * imports, a summary with counts and the live rule set. Pure; secrets are never part of the input
 * (verdict texts and rules are masked by the planner).
 */
export function renderSyncReport(input: SyncReportInput): RenderedReport {
  const outcome = isOutcome(input.source) ? input.source : undefined;
  const plan = outcome ? outcome.plan : (input.source as Plan);
  const results = outcome ? new Map(outcome.results.map((r) => [r.id, r])) : undefined;
  const applied = outcome !== undefined && plan.refusal === undefined;
  const title = `usesync ${outcome ? 'sync report' : 'sync plan'} ${plan.tenant}`;

  const header: [string, string][] = [['Tenant', plan.tenant]];
  if (input.actionId !== undefined) header.push(['Action id', input.actionId]);
  for (const name of [input.files.useimport, input.files.ruleimport]) if (name) header.push(['File', name]);
  if (outcome) {
    header.push(['Started', formatTime(outcome.startedAt)], ['Finished', formatTime(outcome.finishedAt)]);
  } else header.push(['Planned for', formatTime(plan.now)]);
  header.push(['Report made', formatTime(input.now)]);

  const failedCount = outcome ? outcome.results.filter((r) => r.status === 'failed').length : 0;
  header.push([
    'Result',
    plan.refusal
      ? 'refused — nothing was applied'
      : outcome
        ? `${headlineWord(outcome)} — ${plural(plan.actions.length, 'action')}, ${failedCount} failed${refusedLines(plan)}`
        : `dry run — ${plural(plan.actions.length, 'action')} planned, nothing applied`,
  ]);

  const doc: Block[] = [
    { type: 'title', text: title },
    { type: 'fields', rows: header },
  ];
  if (plan.refusal) {
    doc.push({
      type: 'notice',
      text: `The plan was refused (${plan.refusal.code}): ${plan.refusal.message}. Nothing was applied.`,
    });
  } else if (!outcome) {
    doc.push({ type: 'notice', text: 'Dry run: this is the plan only. Nothing was applied.' });
  }
  doc.push({ type: 'section', text: 'Prefixes' });
  doc.push({ type: 'list', items: PREFIXES.map((p) => `${p} ${PREFIX_MEANINGS[p]}`) });

  for (const file of ['useimport', 'ruleimport'] as const) {
    const verdicts = plan.lines.filter((l) => l.file === file);
    const name = input.files[file];
    if (verdicts.length === 0 && name === undefined) continue;
    doc.push({ type: 'section', text: `Input file ${name ?? `.${file}`}` });
    doc.push(
      verdicts.length > 0
        ? { type: 'lines', rows: docLines(verdicts, plan, results) }
        : { type: 'paragraph', text: '(no lines)' },
    );
  }

  const row = (a: Action): { word: string; detail: string; result: ActionResult | undefined } => {
    const result = results?.get(a.id);
    const d = describeAction(a);
    return {
      word: plan.refusal ? 'refused' : resultWord(result, outcome !== undefined),
      detail: [d.detail, resultDetail(result)].filter((x) => x !== '').join(' — '),
      result,
    };
  };

  const keyActions = plan.actions.filter((a) => KEY_KINDS.has(a.kind));
  if (keyActions.length > 0) {
    doc.push({ type: 'section', text: 'Keys and certificates' });
    doc.push({
      type: 'table',
      columns: ['Result', 'Action', 'Address', 'Detail'],
      rows: keyActions.map((a) => {
        const r = row(a);
        return [r.word, describeAction(a).what, describeAction(a).subject, r.detail];
      }),
    });
  }

  const groupActions = plan.actions.filter((a) => a.kind === 'group-add' || a.kind === 'group-remove');
  doc.push({ type: 'section', text: 'Group changes' });
  doc.push(
    groupActions.length === 0
      ? { type: 'paragraph', text: 'No group changes.' }
      : {
          type: 'table',
          columns: ['Result', 'Change', 'Group', 'Member'],
          rows: groupActions.map((a) => [
            row(a).word,
            a.kind === 'group-add' ? 'added' : 'removed',
            a.group,
            [a.member, resultDetail(results?.get(a.id))].filter((x) => x !== '').join(' — '),
          ]),
        },
  );

  const ruleActions = plan.actions.filter((a) => a.kind === 'rule-add' || a.kind === 'rule-remove');
  doc.push({ type: 'section', text: 'Rule-set changes' });
  doc.push(
    ruleActions.length === 0
      ? { type: 'paragraph', text: 'No rule-set changes.' }
      : {
          type: 'list',
          items: ruleActions.map((a) => {
            const r = row(a);
            const extra = resultDetail(r.result);
            return `${a.kind === 'rule-add' ? '+' : '-'} ${a.rule}  [${r.word}${extra ? `: ${extra}` : ''}]`;
          }),
        },
  );

  if (outcome) {
    doc.push({ type: 'section', text: 'Key imports' });
    doc.push(
      outcome.imports.length === 0
        ? { type: 'paragraph', text: 'No key files were imported.' }
        : {
            type: 'table',
            columns: ['File', 'Kind', 'Result', 'Address', 'Reference or reason'],
            rows: outcome.imports.map((i) => [
              i.file,
              i.kind,
              i.status,
              i.address ?? '',
              [i.reference, i.message].filter((x) => x !== undefined && x !== '').join(' — '),
            ]),
          },
    );
  }

  doc.push({ type: 'section', text: 'Summary' });
  const shown = plan.lines.map((l) => effectiveLine(l, plan, results).prefix);
  const summary: [string, string][] = [['Lines', String(plan.lines.length)]];
  for (const p of PREFIXES) summary.push([p, String(shown.filter((x) => x === p).length)]);
  doc.push({ type: 'fields', rows: summary });
  const kinds = [...new Set(plan.actions.map((a) => a.kind))];
  if (kinds.length > 0) {
    doc.push({
      type: 'table',
      columns: applied ? ['Action', 'Planned', 'Done', 'Failed', 'Other'] : ['Action', 'Planned'],
      rows: kinds.map((k) => {
        const ids = plan.actions.filter((a) => a.kind === k).map((a) => a.id);
        if (!applied) return [k, String(ids.length)];
        const st = ids.map((id) => results?.get(id)?.status);
        const done = st.filter((s) => s === 'done').length;
        const failed = st.filter((s) => s === 'failed').length;
        return [k, String(ids.length), String(done), String(failed), String(ids.length - done - failed)];
      }),
    });
  }

  if (input.liveRules !== undefined) {
    doc.push({
      type: 'section',
      text: `Live rule set (${plural(input.liveRules.length, 'rule')}, passwords masked)`,
    });
    doc.push(
      input.liveRules.length === 0
        ? { type: 'paragraph', text: '(no rules)' }
        : { type: 'code', lines: input.liveRules },
    );
  }
  return render(title, doc);
}
