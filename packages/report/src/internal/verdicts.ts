import type { ActionResult, LineVerdict, Plan, Prefix } from '@usesync/domain';
import { resultDetail } from './actions.js';
import type { DocLine } from './doc.js';

/** A line as the report shows it: the planned verdict corrected by what really happened. */
export interface EffectiveLine {
  readonly prefix: Prefix;
  readonly note: string;
}

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' — ');
}

/**
 * Turns a planned verdict into what the report shows. Without results (a dry run) the verdict is
 * shown as planned. With results a failed or skipped action makes the line `(!)` with the reason,
 * a hand-off to the service desk makes it `(?)`; a refused plan ran nothing, so every line that
 * asked for a change is `(!)`.
 */
export function effectiveLine(
  verdict: LineVerdict,
  plan: Plan,
  results: ReadonlyMap<string, ActionResult> | undefined,
): EffectiveLine {
  if (plan.refusal !== undefined && verdict.actionIds.length > 0) {
    return {
      prefix: '(!)',
      note: join(verdict.reason, `not applied: the plan was refused (${plan.refusal.code})`),
    };
  }
  if (results === undefined || verdict.actionIds.length === 0)
    return { prefix: verdict.prefix, note: verdict.reason };
  const rs = verdict.actionIds.map((id) => results.get(id));
  const messages = (status: ActionResult['status']): string =>
    rs
      .filter((r) => r?.status === status)
      .map((r) => r?.message ?? '')
      .filter((m) => m !== '')
      .join('; ');
  if (rs.some((r) => r === undefined)) {
    return { prefix: '(!)', note: join(verdict.reason, 'not applied: no result was recorded for this line') };
  }
  if (rs.some((r) => r?.status === 'failed')) {
    return {
      prefix: '(!)',
      note: join(verdict.reason, `failed: ${messages('failed') || 'no reason given'}`),
    };
  }
  if (rs.some((r) => r?.status === 'skipped')) {
    return {
      prefix: '(!)',
      note: join(verdict.reason, `not run${messages('skipped') ? `: ${messages('skipped')}` : ''}`),
    };
  }
  if (rs.some((r) => r?.status === 'handed-off')) {
    return { prefix: '(?)', note: join(verdict.reason, 'handed to the service desk (semi-automatic CSV)') };
  }
  const details = rs.map(resultDetail).filter((d) => d !== '');
  if (rs.some((r) => r?.status === 'pending')) {
    return {
      prefix: verdict.prefix,
      note: join(verdict.reason, `pending${details.length ? `: ${details.join('; ')}` : ''}`),
    };
  }
  return { prefix: verdict.prefix, note: join(verdict.reason, details.join('; ')) };
}

/** The report rows of one file, in line order. */
export function docLines(
  verdicts: readonly LineVerdict[],
  plan: Plan,
  results: ReadonlyMap<string, ActionResult> | undefined,
): DocLine[] {
  return [...verdicts]
    .sort((a, b) => a.line - b.line)
    .map((v) => {
      const e = effectiveLine(v, plan, results);
      return e.note === ''
        ? { prefix: e.prefix, line: v.line, text: v.text }
        : { prefix: e.prefix, line: v.line, text: v.text, note: e.note };
    });
}
