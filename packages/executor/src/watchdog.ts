import { createHash } from 'node:crypto';
import type { TenantConfig } from '@usesync/config';
import type { Plan, SyncOutcome } from '@usesync/domain';
import type { WatchdogSettings } from '@usesync/report';
import { planWatchdog } from '@usesync/sync-engine';
import { type ApplyOptions, applyPlan } from './apply-plan.js';
import type { ExecutorDeps } from './deps.js';

/** Options of {@link runWatchdog}. */
export interface WatchdogOptions
  extends Pick<ApplyOptions, 'signal' | 'onProgress' | 'orderWaitMs' | 'concurrency' | 'clock'> {
  readonly now: Date;
  /** Plan only: order nothing, change nothing. */
  readonly dryRun?: boolean;
}

/** What a WatchDog cycle did: the input of `renderWatchdogReport` plus the refusals. */
export interface WatchdogRun {
  /** The plan (dry run) or the outcome of running it. */
  readonly source: Plan | SyncOutcome;
  readonly settings: WatchdogSettings;
  /** Addresses on the swisssign-users list that were checked. */
  readonly watched: number;
  /** False when `watchdog.enabled` is off in the configuration (nothing was checked). */
  readonly enabled: boolean;
  /** True when the cycle was a dry run (`dryRun`): nothing was ordered on purpose. */
  readonly dryRun: boolean;
  /** Listed addresses whose renewal was refused before ordering (the cap): `(!)` lines. */
  readonly refused: number;
}

/**
 * One WatchDog cycle: plans it with `planWatchdog` of `@usesync/sync-engine` (renewals inside
 * `watchdog.bufferHours`, first issuances when unchained, within the cap — the same renewal and
 * cap rule as a sync) and, unless `dryRun`, applies the plan. The old certificate is not revoked.
 */
export async function runWatchdog(
  deps: ExecutorDeps,
  config: TenantConfig,
  options: WatchdogOptions,
): Promise<WatchdogRun> {
  const w = config.watchdog;
  const settings: WatchdogSettings = { mode: w.mode, chained: w.chained, bufferHours: w.bufferHours };
  const tenant = config.tenant.id;
  const now = options.now;
  const live = await deps.store.snapshot(tenant, { material: false });
  const plan = planWatchdog({
    tenant,
    now,
    live,
    policy: {
      enabled: w.enabled,
      mode: w.mode,
      chained: w.chained,
      bufferHours: w.bufferHours,
      maxLiveCertificates: config.smime.maxLiveCertificates,
    },
  });
  const base = {
    settings,
    watched: w.enabled ? live.swissSignUsers.length : 0,
    enabled: w.enabled,
    dryRun: options.dryRun === true,
    refused: plan.lines.filter((l) => l.prefix === '(!)').length,
  };
  if (options.dryRun || plan.actions.length === 0) return { ...base, source: plan };
  const runKey = createHash('sha256')
    .update(
      `watchdog|${tenant}|${plan.actions.map((a) => `${a.id}:${a.kind === 'smime-create' ? (a.renews?.serial ?? '') : ''}`).join(',')}`,
    )
    .digest('hex');
  const outcome = await applyPlan(deps, config, plan, { now, runKey, origin: 'watchdog', ...pick(options) });
  return { ...base, source: outcome };
}

function pick(o: WatchdogOptions): Partial<ApplyOptions> {
  return {
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.orderWaitMs === undefined ? {} : { orderWaitMs: o.orderWaitMs }),
    ...(o.concurrency === undefined ? {} : { concurrency: o.concurrency }),
    ...(o.clock ? { clock: o.clock } : {}),
  };
}
