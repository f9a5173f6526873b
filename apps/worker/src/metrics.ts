import type { CertificateRecord, SyncOutcome } from '@usesync/domain';
import { forecastExpiries } from '@usesync/report';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Weeks covered by the expiry-per-week gauge. */
export const FORECAST_WEEKS = 26;

/** A tenant whose share polls keep failing (see {@link WorkerMetrics.failingPolls}). */
export interface PollFailure {
  readonly tenant: string;
  /** Failed polls in a row. */
  readonly failures: number;
  /** The error code (or message) of the last failure. */
  readonly reason: string;
  /** When the first failure of the row happened (ISO). */
  readonly since: string;
}

/** What the mail gauges show: the spool retrier's last look. */
/** What the key-pool metrics read (`KeyPoolStatus` of `@usesync/key-pool`). */
export interface KeyPoolMetricsSource {
  readonly sizes: Readonly<Record<string, number>>;
  readonly counters: {
    readonly hits: {
      readonly smime: Readonly<Record<string, number>>;
      readonly pgp: Readonly<Record<string, number>>;
    };
    readonly misses: {
      readonly smime: Readonly<Record<string, number>>;
      readonly pgp: Readonly<Record<string, number>>;
    };
    readonly generated: Readonly<Record<string, number>>;
  };
}

export interface MailSpoolStatus {
  readonly pending: number;
  /** Undefined (shown as 0) when nothing is pending. */
  readonly oldestPendingAgeSeconds: number | undefined;
}

/**
 * The worker's Prometheus metrics in their own registry (no global state). Names are listed in
 * the README.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly #files = new Counter({
    name: 'usesync_files_processed_total',
    help: 'Import files taken from the share, by outcome (applied, partial, refused, parse-error, refused-*)',
    labelNames: ['tenant', 'outcome'],
    registers: [this.registry],
  });
  readonly #actions = new Counter({
    name: 'usesync_actions_total',
    help: 'Plan actions executed, by kind and status',
    labelNames: ['tenant', 'kind', 'status'],
    registers: [this.registry],
  });
  readonly #failures = new Counter({
    name: 'usesync_failures_total',
    help: 'Failures by stage (share, sync, watchdog, mail)',
    labelNames: ['tenant', 'stage'],
    registers: [this.registry],
  });
  readonly #caLatency = new Histogram({
    name: 'usesync_ca_request_duration_seconds',
    help: 'Duration of CA calls (issue includes waiting for the order)',
    labelNames: ['operation', 'ok'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly #expiring = new Gauge({
    name: 'usesync_certificates_expiring',
    help: 'Active certificates expiring within the window (7d or 30d)',
    labelNames: ['tenant', 'window'],
    registers: [this.registry],
  });
  readonly #perWeek = new Gauge({
    name: 'usesync_certificates_expiring_per_week',
    help: `Active certificates expiring in week N from now (N = 0..${FORECAST_WEEKS - 1})`,
    labelNames: ['tenant', 'week'],
    registers: [this.registry],
  });
  readonly #lastSuccess = new Gauge({
    name: 'usesync_last_successful_sync_timestamp_seconds',
    help: 'Unix time of the last sync that applied (fully or partly)',
    labelNames: ['tenant'],
    registers: [this.registry],
  });
  readonly #watchdog = new Counter({
    name: 'usesync_watchdog_cycles_total',
    help: 'WatchDog cycles by result',
    labelNames: ['tenant', 'result'],
    registers: [this.registry],
  });

  readonly #pollFailures = new Gauge({
    name: 'usesync_poll_consecutive_failures',
    help: 'Polls of the tenant share that failed in a row (0 after a poll that worked)',
    labelNames: ['tenant'],
    registers: [this.registry],
  });
  readonly #mailPending: Gauge = new Gauge({
    name: 'usesync_mail_pending',
    help: 'Messages waiting in the mail spool (pending/) at the last look',
    registers: [this.registry],
    collect: () => this.#mailPending.set(this.#mailSource?.().pending ?? 0),
  });
  readonly #mailOldest: Gauge = new Gauge({
    name: 'usesync_mail_oldest_pending_age_seconds',
    help: 'Age of the oldest message waiting in the mail spool (0 when none is pending)',
    registers: [this.registry],
    collect: () => this.#mailOldest.set(this.#mailSource?.().oldestPendingAgeSeconds ?? 0),
  });
  readonly #poolSize: Gauge = new Gauge({
    name: 'usesync_key_pool_size',
    help: 'Pre-generated keys waiting in the key pool, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
    collect: async () => {
      const status = await this.#poolSource?.();
      if (!status) return;
      for (const [kind, n] of Object.entries(status.sizes)) this.#poolSize.set({ kind }, n);
      this.#poolCounts(status.counters);
    },
  });
  readonly #poolHits = new Counter({
    name: 'usesync_key_pool_hits_total',
    help: 'Keys served from the key pool, by kind and purpose (smime, pgp)',
    labelNames: ['kind', 'purpose'],
    registers: [this.registry],
  });
  readonly #poolMisses = new Counter({
    name: 'usesync_key_pool_misses_total',
    help: 'Key requests the pool could not serve (generated on demand), by kind and purpose',
    labelNames: ['kind', 'purpose'],
    registers: [this.registry],
  });
  readonly #poolGenerated = new Counter({
    name: 'usesync_key_pool_generated_total',
    help: 'Keys this process generated into the key pool, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly #poolSeen = new Map<string, number>();
  readonly #failedPolls = new Map<string, { count: number; reason: string; since: string }>();
  #mailSource: (() => MailSpoolStatus) | undefined;
  #poolSource: (() => Promise<KeyPoolMetricsSource>) | undefined;

  /**
   * Records a poll of a tenant's share that failed (host key refused, share unreadable, …) with
   * a short reason (the error code); counts the failures in a row for `/readyz`.
   */
  recordPollFailure(tenant: string, reason: string, at: Date = new Date()): void {
    const before = this.#failedPolls.get(tenant);
    const count = (before?.count ?? 0) + 1;
    this.#failedPolls.set(tenant, { count, reason, since: before?.since ?? at.toISOString() });
    this.#pollFailures.set({ tenant }, count);
    this.failure(tenant, 'poll');
  }

  /** Records a poll of a tenant's share that worked: the failures in a row start again at 0. */
  recordPollSuccess(tenant: string): void {
    this.#failedPolls.delete(tenant);
    this.#pollFailures.set({ tenant }, 0);
  }

  /** Tenants whose polls failed at least `threshold` times in a row, with the last reason. */
  failingPolls(threshold: number): PollFailure[] {
    const out: PollFailure[] = [];
    for (const [tenant, f] of this.#failedPolls) {
      if (f.count >= threshold) out.push({ tenant, failures: f.count, reason: f.reason, since: f.since });
    }
    return out.sort((a, b) => a.tenant.localeCompare(b.tenant));
  }

  /** Where the key-pool metrics read from at each scrape (`KeyPool.status()` of `@usesync/key-pool`). */
  observeKeyPool(source: () => Promise<KeyPoolMetricsSource>): void {
    this.#poolSource = source;
  }

  // The pool's counters are running totals: the metric counters advance by what is new.
  #poolCounts(c: KeyPoolMetricsSource['counters']): void {
    const advance = (counter: Counter, key: string, labels: Record<string, string>, total: number) => {
      const seen = this.#poolSeen.get(key) ?? 0;
      if (total > seen) counter.inc(labels, total - seen);
      this.#poolSeen.set(key, Math.max(seen, total));
    };
    for (const purpose of ['smime', 'pgp'] as const) {
      for (const [kind, n] of Object.entries(c.hits[purpose]))
        advance(this.#poolHits, `h/${purpose}/${kind}`, { kind, purpose }, n);
      for (const [kind, n] of Object.entries(c.misses[purpose]))
        advance(this.#poolMisses, `m/${purpose}/${kind}`, { kind, purpose }, n);
    }
    for (const [kind, n] of Object.entries(c.generated))
      advance(this.#poolGenerated, `g/${kind}`, { kind }, n);
  }

  /** Where the mail gauges read from at each scrape (the worker's spool retrier). */
  observeMail(source: () => MailSpoolStatus): void {
    this.#mailSource = source;
  }

  /** Counts an import file taken from the share, by outcome. */
  fileProcessed(tenant: string, outcome: string): void {
    this.#files.inc({ tenant, outcome });
  }

  /** Counts a failure of a stage (`poll`, `sync`, `watchdog`). */
  failure(tenant: string, stage: string): void {
    this.#failures.inc({ tenant, stage });
  }

  /** Observes the duration of one CA call. */
  caCall(operation: string, seconds: number, ok: boolean): void {
    this.#caLatency.observe({ operation, ok: String(ok) }, seconds);
  }

  /** Counts a WatchDog cycle by result (`idle`, `ran`, `failed`). */
  watchdogCycle(tenant: string, result: string): void {
    this.#watchdog.inc({ tenant, result });
  }

  /** Counts the executed actions of an outcome by kind and status. */
  recordOutcome(tenant: string, outcome: SyncOutcome): void {
    const kinds = new Map(outcome.plan.actions.map((a) => [a.id, a.kind]));
    for (const r of outcome.results) {
      this.#actions.inc({ tenant, kind: kinds.get(r.id) ?? 'unknown', status: r.status });
    }
  }

  /** Sets the time of the tenant's last sync that applied. */
  lastSuccess(tenant: string, at: Date): void {
    this.#lastSuccess.set({ tenant }, Math.floor(at.getTime() / 1000));
  }

  /** Refreshes the expiry gauges of a tenant from its certificates. */
  updateExpiry(tenant: string, certificates: readonly CertificateRecord[], now: Date): void {
    const active = certificates.filter((c) => c.status === 'active');
    const f = forecastExpiries(active, now, FORECAST_WEEKS);
    this.#expiring.set({ tenant, window: '7d' }, f.within7Days);
    this.#expiring.set({ tenant, window: '30d' }, f.within30Days);
    f.weeks.forEach((w, i) => {
      this.#perWeek.set({ tenant, week: String(i) }, w.count);
    });
  }

  /** The text exposition format. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
