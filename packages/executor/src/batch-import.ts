import { createHash } from 'node:crypto';
import type { TenantConfig } from '@usesync/config';
import {
  type LineVerdict,
  type Plan,
  type SmimeCreateAction,
  type SyncOutcome,
  summarize,
} from '@usesync/domain';
import { renderSemiAutoCsv, type SemiAutoRow, semiAutoRows } from '@usesync/report';
import { type ApplyOptions, applyPlan } from './apply-plan.js';
import type { ExecutorDeps } from './deps.js';
import { createActionFor, latestCertificate } from './watchdog.js';

const HOUR = 3_600_000;

/** Options of {@link batchImport}. */
export type BatchImportOptions = Pick<
  ApplyOptions,
  'now' | 'signal' | 'onProgress' | 'orderWaitMs' | 'concurrency' | 'clock'
>;

/**
 * The service desk's side of semi-automatic mode (`usesync batch-import <csv>`): orders what the
 * rows of a semi-automatic CSV list. An address whose certificate lasts beyond the renewal buffer
 * is `(%)`, so processing the same CSV twice orders nothing twice. Lines are the CSV's rows
 * (line 1 is the header). Team or personal comes from the row's type; the product ordered is the
 * tenant's configured product of that type.
 */
export async function batchImport(
  deps: ExecutorDeps,
  config: TenantConfig,
  rows: readonly SemiAutoRow[],
  options: BatchImportOptions,
): Promise<SyncOutcome> {
  const tenant = config.tenant.id;
  const now = options.now;
  const bufferEnd = new Date(now.getTime() + config.watchdog.bufferHours * HOUR).toISOString();
  const lines: LineVerdict[] = [];
  const actions: SmimeCreateAction[] = [];
  const seen = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    const verdict = (prefix: LineVerdict['prefix'], reason: string, ids: string[] = []): void => {
      lines.push({
        line,
        file: 'useimport',
        prefix,
        kind: 'semi-auto-row',
        address: row.address,
        text: `${row.address};${row.team ? 'team' : 'personal'}`,
        reason,
        actionIds: ids,
      });
    };
    if (seen.has(row.address)) {
      verdict('(%)', 'listed already in an earlier row');
      continue;
    }
    seen.add(row.address);
    const latest = latestCertificate(await deps.store.listCertificates(tenant, row.address));
    if (latest && latest.notAfter > bufferEnd) {
      verdict(
        '(%)',
        `a valid certificate exists (serial ${latest.serial}, until ${latest.notAfter.slice(0, 10)})`,
      );
      continue;
    }
    const a = createActionFor(row, 'automatic', row.reason || 'listed in the semi-automatic CSV', latest);
    actions.push(a);
    verdict(
      latest ? '(~)' : '(+)',
      `${latest ? 'renew' : 'create'} a ${row.team ? 'team' : 'personal'} certificate`,
      [a.id],
    );
  }
  const plan: Plan = { tenant, now: now.toISOString(), lines, actions, summary: summarize(lines, actions) };
  const runKey = createHash('sha256')
    .update(`batch-import|${tenant}|${JSON.stringify(rows)}`)
    .digest('hex');
  return applyPlan(deps, config, plan, { ok: true }, { ...options, runKey, origin: 'batch-import' });
}

/**
 * The semi-automatic CSV of an outcome (the creations handed to the service desk), or undefined
 * when there are none.
 */
export function semiAutomaticCsv(
  outcome: SyncOutcome,
  config: TenantConfig,
): { csv: string; rows: SemiAutoRow[] } | undefined {
  const handed = new Set(outcome.results.filter((r) => r.status === 'handed-off').map((r) => r.id));
  const rows = semiAutoRows(
    outcome.plan.actions.filter((a) => handed.has(a.id)),
    config.smime.products,
  );
  return rows.length === 0 ? undefined : { csv: renderSemiAutoCsv(rows), rows };
}
