import { renderWatchdogDelivery, runWatchdog, stemNames } from '@usesync/executor';
import { pushbackOrKeep, sendMail } from './deliver.js';
import type { TenantContext } from './process-sync.js';
import { errorInfo } from './tenant-poller.js';

/**
 * One WatchDog cycle for a tenant (the caller holds the tenant lock): renewals through the
 * executor, then the WatchDog report (+ S/MIME report, certificate zip, CSV) by mail and in
 * `return/`. A cycle with nothing to do sends nothing; one whose renewals the cap refused sends
 * the report naming them.
 */
export async function watchdogCycle(
  ctx: TenantContext,
  signal?: AbortSignal,
): Promise<'idle' | 'ran' | 'failed'> {
  const { config, log, tenant } = ctx;
  const now = ctx.clock();
  try {
    const run = await runWatchdog(ctx.deps, config, { now, ...(signal ? { signal } : {}) });
    const outcome = 'results' in run.source ? run.source : undefined;
    if (!outcome && run.refused === 0) {
      ctx.metrics.watchdogCycle(tenant, 'idle');
      log.info({ watched: run.watched, enabled: run.enabled }, 'watchdog: nothing to renew');
      return 'idle';
    }
    // Renewals refused by the cap are reported even when nothing was ordered.
    if (outcome) ctx.metrics.recordOutcome(tenant, outcome);
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    const stem = `${tenant}_watchdog_${stamp}`;
    const delivery = renderWatchdogDelivery(config, run, {
      now: ctx.clock(),
      names: stemNames(stem, 'watchdog-report'),
    });
    await sendMail(ctx.spool, config, ctx.mailFrom, undefined, delivery.items, log);
    await pushbackOrKeep(ctx, delivery.files);
    ctx.metrics.updateExpiry(tenant, await ctx.store.listCertificates(tenant), ctx.clock());
    ctx.metrics.watchdogCycle(tenant, 'ran');
    log.info({ actions: outcome?.plan.actions.length ?? 0, refused: run.refused }, 'watchdog cycle finished');
    return 'ran';
  } catch (e) {
    ctx.metrics.watchdogCycle(tenant, 'failed');
    ctx.metrics.failure(tenant, 'watchdog');
    log.error({ err: errorInfo(e) }, 'watchdog cycle failed');
    return 'failed';
  }
}
