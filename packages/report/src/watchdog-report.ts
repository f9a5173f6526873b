import type { Plan, SyncOutcome } from '@usesync/domain';
import { resultDetail } from './internal/actions.js';
import type { Block } from './internal/doc.js';
import { formatTime, plural } from './internal/format.js';
import { type RenderedReport, render } from './rendered.js';

/** The WatchDog settings the run used (from the tenant configuration). */
export interface WatchdogSettings {
  readonly mode: 'automatic' | 'semi-automatic';
  /** Chained: renew only addresses that have a certificate; unchained: also issue first ones. */
  readonly chained: boolean;
  readonly bufferHours: number;
}

/** Input of {@link renderWatchdogReport}. */
export interface WatchdogReportInput {
  /** The WatchDog's plan (nothing run yet or a dry run) or the outcome of running it. */
  readonly source: Plan | SyncOutcome;
  readonly settings: WatchdogSettings;
  /** How many addresses of the swisssign-users list were checked. */
  readonly watched: number;
  /** When the report is made (ISO-8601). */
  readonly now: string;
  /** Name of the attached semi-automatic CSV, if any. */
  readonly csvName?: string;
  /**
   * True for a dry run (`--dry-run`: nothing was ordered on purpose). Default: a plan without an
   * outcome is a dry run. A real cycle that had nothing to order passes its plan with `false`.
   */
  readonly dryRun?: boolean;
}

/**
 * Renders the WatchDog renewal report: which certificates expire within the buffer, what was
 * renewed (new serial), handed to the service desk, or failed and why.
 */
export function renderWatchdogReport(input: WatchdogReportInput): RenderedReport {
  const outcome = 'results' in input.source ? input.source : undefined;
  const plan = outcome ? outcome.plan : (input.source as Plan);
  const results = new Map(outcome?.results.map((r) => [r.id, r]) ?? []);
  const title = `usesync WatchDog report ${plan.tenant}`;
  const creates = plan.actions.filter((a) => a.kind === 'smime-create');
  // Lines refused before any order (the cap on live certificates): not renewed, and why.
  const refused = plan.lines.filter((l) => l.prefix === '(!)' && l.actionIds.length === 0);
  const s = input.settings;
  const header: [string, string][] = [
    ['Tenant', plan.tenant],
    ['Checked at', formatTime(plan.now)],
    ['Report made', formatTime(input.now)],
    ['Mode', `${s.mode}, ${s.chained ? 'chained' : 'unchained'}, buffer ${plural(s.bufferHours, 'hour')}`],
    ['Addresses watched', String(input.watched)],
    ['Certificates due', String(creates.length)],
  ];
  if (refused.length > 0) header.push(['Not renewed (refused)', String(refused.length)]);
  if (input.csvName !== undefined) header.push(['Attachment', `${input.csvName} (for the service desk)`]);
  const doc: Block[] = [
    { type: 'title', text: title },
    { type: 'fields', rows: header },
  ];
  if (input.dryRun ?? !outcome)
    doc.push({ type: 'notice', text: 'Dry run: this is the plan only. Nothing was ordered.' });
  if (plan.refusal) {
    doc.push({
      type: 'notice',
      text: `Refused (${plan.refusal.code}): ${plan.refusal.message}. Nothing was ordered.`,
    });
  }
  doc.push({ type: 'section', text: 'Certificates' });
  if (creates.length === 0 && refused.length === 0) {
    doc.push({
      type: 'paragraph',
      text: `No certificate expires within the next ${plural(s.bufferHours, 'hour')}; nothing to do.`,
    });
  } else if (creates.length > 0) {
    doc.push({
      type: 'table',
      columns: ['Result', 'Address', 'Type', 'Replaces', 'Expires', 'Detail'],
      rows: creates.map((a) => {
        const r = results.get(a.id);
        const word = plan.refusal ? 'refused' : !outcome ? 'planned' : (r?.status ?? 'no result');
        return [
          word === 'done' ? 'renewed' : word,
          a.address,
          a.team ? 'team' : 'personal',
          a.renews?.serial ?? '(first certificate)',
          a.renews ? formatTime(a.renews.notAfter) : '',
          resultDetail(r),
        ];
      }),
    });
  }
  if (refused.length > 0) {
    doc.push({ type: 'section', text: 'Not renewed (refused)' });
    doc.push({
      type: 'table',
      columns: ['Address', 'Reason'],
      rows: refused.map((l) => [l.address ?? l.text, l.reason]),
    });
  }
  const other = plan.actions.filter((a) => a.kind !== 'smime-create');
  if (other.length > 0) {
    doc.push({ type: 'section', text: 'Other actions' });
    doc.push({
      type: 'list',
      items: other.map(
        (a) => `${a.kind} ${a.id}: ${outcome ? (results.get(a.id)?.status ?? 'no result') : 'planned'}`,
      ),
    });
  }
  if (outcome) {
    const count = (st: string): number => creates.filter((a) => results.get(a.id)?.status === st).length;
    doc.push({ type: 'section', text: 'Summary' });
    doc.push({
      type: 'fields',
      rows: [
        ['Renewed', String(count('done'))],
        ['Handed to the service desk', String(count('handed-off'))],
        ['Pending', String(count('pending'))],
        ['Failed', String(count('failed'))],
      ],
    });
  }
  return render(title, doc);
}
