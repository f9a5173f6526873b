import type { SpoolRetrier } from '@usesync/mailer';
import type { ReadinessProblem } from './http.js';
import type { WorkerMetrics } from './metrics.js';

/** When a running worker reports itself degraded on `/readyz` (503, `state: degraded`). */
export interface ReadinessThresholds {
  /** Mail waiting in the spool longer than this (default 900 s = 15 min). */
  readonly maxMailPendingSeconds: number;
  /** A tenant's share polls failed this many times in a row (default 3). */
  readonly maxFailedPolls: number;
}

/** The defaults of {@link ReadinessThresholds}. */
export const DEFAULT_READINESS: ReadinessThresholds = { maxMailPendingSeconds: 900, maxFailedPolls: 3 };

/**
 * Why a running worker is degraded, if it is: mail pending longer than `maxMailPendingSeconds`
 * (with the last delivery failure), tenants whose polls failed `maxFailedPolls` times in a row
 * (with the last error code). Empty when all is well.
 */
export function readinessProblems(
  thresholds: ReadinessThresholds,
  retrier: SpoolRetrier | undefined,
  metrics: WorkerMetrics,
): ReadinessProblem[] {
  const out: ReadinessProblem[] = [];
  const { maxMailPendingSeconds, maxFailedPolls } = thresholds;
  const age = retrier?.oldestPendingAgeSeconds();
  if (age !== undefined && age > maxMailPendingSeconds) {
    const last = retrier?.status().lastFailure;
    out.push({
      check: 'mail',
      message: `${retrier?.pendingCount()} mail(s) pending, the oldest for ${age} s (over ${maxMailPendingSeconds} s)${last ? `; last failure: ${last.message}` : ''}`,
    });
  }
  for (const f of metrics.failingPolls(maxFailedPolls)) {
    out.push({
      check: 'poll',
      tenant: f.tenant,
      message: `${f.failures} polls of tenant ${f.tenant} failed in a row since ${f.since}: ${f.reason}`,
    });
  }
  return out;
}
