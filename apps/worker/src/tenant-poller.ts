import { errorInfo, type Refusal, renderRefusalReport, TenantIntake } from '@usesync/intake';
import { pushbackOrKeep, retryPendingPushback, sendMail } from './deliver.js';
import { withFillerPaused } from './key-pool-filler.js';
import { processSync, type TenantContext } from './process-sync.js';
import { holdClaims } from './replica.js';

/**
 * The worker's side of one tenant's intake: `TenantIntake` of `@usesync/intake` (pick-up rules,
 * claims, the processed-files ledger, refusal reports, retention) composed with this worker's
 * sync, mail, pushback and metrics. Kept files are pushed back first; the expiry metrics are
 * refreshed after each poll.
 */
export class TenantPoller {
  readonly ctx: TenantContext;
  readonly #intake: TenantIntake;

  constructor(ctx: TenantContext) {
    this.ctx = ctx;
    const { replica, tenant } = ctx;
    this.#intake = new TenantIntake({
      tenant,
      config: ctx.config,
      share: ctx.share,
      ledger: ctx.store,
      clock: ctx.clock,
      log: ctx.log,
      retentionDays: ctx.retentionDays,
      ...(replica ? { claim: (files) => holdClaims(replica, tenant, files) } : {}),
      sync: (files, signal) =>
        withFillerPaused(ctx.filler, () =>
          processSync({ ...ctx, log: ctx.log.child({ files: files.map((f) => f.name) }) }, files, signal),
        ),
      report: (refusals) => this.#report(refusals),
      onFileDone: (outcome) => ctx.metrics.fileProcessed(tenant, outcome),
      onSyncError: () => ctx.metrics.failure(tenant, 'sync'),
    });
  }

  /** Creates the share's folders (use, return, key folders). */
  prepare(): Promise<void> {
    return this.#intake.prepare();
  }

  /** One poll. `stopping()` turning true ends it before the next sync starts. */
  async poll(stopping: () => boolean, signal: AbortSignal): Promise<void> {
    await retryPendingPushback(this.ctx);
    await this.#intake.poll(stopping, signal);
    const { ctx } = this;
    ctx.metrics.updateExpiry(ctx.tenant, await ctx.store.listCertificates(ctx.tenant), ctx.clock());
  }

  /** Deletes files in the return folder older than `days` (at most every ten minutes). */
  retention(days?: number, force = false): Promise<string[]> {
    return this.#intake.retention(days, force);
  }

  async #report(refusals: readonly Refusal[]): Promise<void> {
    const { ctx } = this;
    const now = ctx.clock();
    const report = renderRefusalReport(ctx.tenant, refusals, now);
    await sendMail(
      ctx.spool,
      ctx.config,
      ctx.mailFrom,
      undefined,
      [{ kind: 'error-report', report, uploads: [] }],
      ctx.log,
    );
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    await pushbackOrKeep(ctx, [{ name: `${ctx.tenant}_refused_${stamp}.txt`, content: report.text }]);
  }
}

export { errorInfo };
