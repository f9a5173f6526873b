import { createHash } from 'node:crypto';
import type { TenantConfig } from '@usesync/config';
import type { SyncOutcome } from '@usesync/domain';
import { renderSemiAutoCsv, type SemiAutoRow, semiAutoRows } from '@usesync/report';
import { planBatchImport } from '@usesync/sync-engine';
import { type ApplyOptions, applyPlan } from './apply-plan.js';
import type { ExecutorDeps } from './deps.js';
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
 * tenant's configured product of that type. Planned by `planBatchImport` of `@usesync/sync-engine`
 * (the same renewal and cap rule as a sync).
 */
export async function batchImport(
  deps: ExecutorDeps,
  config: TenantConfig,
  rows: readonly SemiAutoRow[],
  options: BatchImportOptions,
): Promise<SyncOutcome> {
  const tenant = config.tenant.id;
  const live = await deps.store.snapshot(tenant, { material: false });
  const plan = planBatchImport({
    tenant,
    now: options.now,
    rows,
    certificates: live.certificates,
    bufferHours: config.watchdog.bufferHours,
    maxLiveCertificates: config.smime.maxLiveCertificates,
  });
  const runKey = createHash('sha256')
    .update(`batch-import|${tenant}|${JSON.stringify(rows)}`)
    .digest('hex');
  return applyPlan(deps, config, plan, { ...options, runKey, origin: 'batch-import' });
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
