import type { MailSpool, RetryRound } from '@usesync/mailer';
import { SpoolRetrier } from '@usesync/mailer';
import type { Logger } from './logger.js';
import type { WorkerMetrics } from './metrics.js';
import { errorInfo } from './tenant-poller.js';

/** How the spool is retried while the worker runs (see `SpoolRetrier` of `@usesync/mailer`). */
export interface MailRetrySettings {
  /** Wait after the first round that left mail pending, doubled each time (default 30 s). */
  readonly initialDelaySeconds: number;
  /** Upper bound of that wait (default 900 s). */
  readonly maxDelaySeconds: number;
  /** How often the spool is looked at while nothing fails (default 60 s). */
  readonly intervalSeconds: number;
}

/** The defaults of {@link MailRetrySettings}. */
export const DEFAULT_MAIL_RETRY: MailRetrySettings = {
  initialDelaySeconds: 30,
  maxDelaySeconds: 900,
  intervalSeconds: 60,
};

/**
 * Starts retrying the spool while the worker runs — pending mail (an SMTP outage, a restart)
 * leaves without a restart: the first round now, then with backoff while it fails. Each round is
 * logged with its reason; the pending count and age feed `/metrics` and `/readyz`.
 */
export function startMailRetrier(o: {
  readonly spool: MailSpool;
  readonly settings: MailRetrySettings;
  readonly clock: () => Date;
  readonly log: Logger;
  readonly metrics: WorkerMetrics;
}): SpoolRetrier {
  const { settings: retry, log } = o;
  const retrier = new SpoolRetrier({
    spool: o.spool,
    initialDelayMs: retry.initialDelaySeconds * 1000,
    maxDelayMs: retry.maxDelaySeconds * 1000,
    idleIntervalMs: retry.intervalSeconds * 1000,
    now: () => o.clock().getTime(),
    onRound: (round) => logMailRound(log, round),
  });
  o.metrics.observeMail(() => ({
    pending: retrier.pendingCount(),
    oldestPendingAgeSeconds: retrier.oldestPendingAgeSeconds(),
  }));
  retrier.start();
  return retrier;
}

function logMailRound(log: Logger, round: RetryRound): void {
  const sent = round.results.filter((r) => r.state === 'sent').length;
  const failed = round.results.filter((r) => r.state === 'failed').length;
  if (sent > 0) log.info({ mails: sent }, 'pending mail delivered');
  if (failed > 0) log.error({ mails: failed }, 'mail refused for good; moved to the spool’s failed/');
  if (round.failure)
    log.warn(
      {
        pending: round.stats.count,
        reason: round.failure.message,
        kind: round.failure.kind,
        retryInSeconds: Math.round(round.nextDelayMs / 1000),
      },
      'mail kept in the spool',
    );
  if (round.error !== undefined) log.warn({ err: errorInfo(round.error) }, 'mail spool retry failed');
}
