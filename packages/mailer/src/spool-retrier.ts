import type { MailSpool, PendingStats, SendResult, SpoolRecord } from './spool.js';

/** The timer functions the retrier uses; tests pass fakes. */
export interface RetrierTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Settings of {@link SpoolRetrier}. */
export interface SpoolRetrierOptions {
  readonly spool: MailSpool;
  /** Wait after the first round that left mail pending (default 30 000 ms), doubled each time. */
  readonly initialDelayMs?: number;
  /** Upper bound of the wait between failing rounds (default 900 000 ms = 15 min). */
  readonly maxDelayMs?: number;
  /** How often to look for pending mail while nothing is failing (default 60 000 ms). */
  readonly idleIntervalMs?: number;
  /** Equal jitter on the backoff (a wait is between half and all of the step; default true). */
  readonly jitter?: boolean;
  /** Randomness for the jitter, in [0, 1) (default Math.random). */
  readonly random?: () => number;
  /** Wall clock in ms (default Date.now); the pending age is measured with it. */
  readonly now?: () => number;
  /** Timer functions (default the global ones; their handles are unref'd when they can be). */
  readonly timers?: RetrierTimers;
  /** Called after every round, e.g. to log what stayed pending and why. Must not throw. */
  readonly onRound?: (round: RetryRound) => void;
}

/** What one retry round did. */
export interface RetryRound {
  /** What happened to each message tried (the round stops at the first that stays pending). */
  readonly results: readonly SendResult[];
  /** The spool after the round. */
  readonly stats: PendingStats;
  /** The failure that ended the round, when one did (the record's `lastError`). */
  readonly failure?: SpoolRecord['lastError'];
  /** An infrastructure error of the round itself (e.g. the spool directory is unreadable). */
  readonly error?: unknown;
  /** Wait until the next round. */
  readonly nextDelayMs: number;
}

/** A snapshot for metrics and readiness. */
export interface RetrierStatus {
  readonly running: boolean;
  /** Messages in `pending/` at the last look. */
  readonly pending: number;
  /** Age of the oldest pending message in whole seconds now; undefined when none is pending. */
  readonly oldestPendingAgeSeconds: number | undefined;
  /** Rounds in a row that left mail pending (0 after a round that delivered everything). */
  readonly failedRounds: number;
  /** The last failure seen, e.g. `{ kind: 'config', reasonCode: 'SELF_SIGNED_CERT_IN_CHAIN', … }`. */
  readonly lastFailure?: SpoolRecord['lastError'];
  /** When the next round is due (wall clock, ms); undefined when stopped. */
  readonly nextRunAt: number | undefined;
}

const systemTimers: RetrierTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // Never the reason a process stays alive: stop() is for tidiness, not for exiting.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Retries the spool while the process runs: a round sends the pending messages oldest first and
 * stops at the first that stays pending (the server is down, or TLS or login is refused: the rest
 * would fail alike). After a round that left mail pending the next one waits `initialDelayMs`,
 * doubling up to `maxDelayMs` (with equal jitter); after a clean round it looks again every
 * `idleIntervalMs`. Mail pending since an SMTP outage therefore leaves once the server is back,
 * without a restart. {@link SpoolRetrier.status} gives the pending count and the age of the
 * oldest message for metrics and `/readyz`.
 */
export class SpoolRetrier {
  readonly #spool: MailSpool;
  readonly #initial: number;
  readonly #max: number;
  readonly #idle: number;
  readonly #jitter: boolean;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #timers: RetrierTimers;
  readonly #onRound: ((round: RetryRound) => void) | undefined;
  #running = false;
  #timer: unknown;
  #nextRunAt: number | undefined;
  #round: Promise<RetryRound> | undefined;
  #failedRounds = 0;
  #stats: PendingStats = { count: 0 };
  #lastFailure: SpoolRecord['lastError'] | undefined;

  constructor(options: SpoolRetrierOptions) {
    this.#spool = options.spool;
    this.#initial = Math.max(1, options.initialDelayMs ?? 30_000);
    this.#max = Math.max(this.#initial, options.maxDelayMs ?? 900_000);
    this.#idle = Math.max(1, options.idleIntervalMs ?? 60_000);
    this.#jitter = options.jitter ?? true;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#timers = options.timers ?? systemTimers;
    this.#onRound = options.onRound;
  }

  /** Starts retrying: the first round runs at once. Calling it again while running does nothing. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops the schedule and waits for a round in progress to finish. Idempotent. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#clear();
    await this.#round?.catch(() => undefined);
  }

  /**
   * Runs a round now (e.g. after a run left new mail pending) and, while running, schedules the
   * next from its outcome. A round already in progress is awaited instead of starting another.
   */
  runNow(): Promise<RetryRound> {
    if (this.#round) return this.#round;
    this.#clear();
    const round = this.#runRound().finally(() => {
      this.#round = undefined;
    });
    this.#round = round;
    return round;
  }

  /** Messages pending at the last look (each round looks; so does {@link SpoolRetrier.refresh}). */
  pendingCount(): number {
    return this.#stats.count;
  }

  /** Age in whole seconds of the oldest pending message, now; undefined when none is pending. */
  oldestPendingAgeSeconds(): number | undefined {
    const oldest = this.#stats.oldestCreatedAt;
    if (oldest === undefined) return undefined;
    return Math.max(0, Math.floor((this.#now() - oldest.getTime()) / 1000));
  }

  /** Looks at the spool again (without sending) and returns what is pending. */
  async refresh(): Promise<PendingStats> {
    this.#stats = await this.#spool.pendingStats();
    return this.#stats;
  }

  /** Everything a metrics endpoint or a readiness check needs, in one object. */
  status(): RetrierStatus {
    return {
      running: this.#running,
      pending: this.#stats.count,
      oldestPendingAgeSeconds: this.oldestPendingAgeSeconds(),
      failedRounds: this.#failedRounds,
      ...(this.#lastFailure ? { lastFailure: this.#lastFailure } : {}),
      nextRunAt: this.#running ? this.#nextRunAt : undefined,
    };
  }

  /** The wait after `failedRounds` failing rounds in a row (0: the idle interval). */
  delayAfter(failedRounds: number): number {
    if (failedRounds <= 0) return this.#idle;
    const step = Math.min(this.#max, this.#initial * 2 ** Math.min(failedRounds - 1, 40));
    return this.#jitter ? Math.round(step / 2 + (this.#random() * step) / 2) : step;
  }

  async #runRound(): Promise<RetryRound> {
    let results: SendResult[] = [];
    let error: unknown;
    try {
      results = await this.#spool.retryPending({ stopAtFirstFailure: true });
    } catch (e) {
      error = e;
    }
    try {
      this.#stats = await this.#spool.pendingStats();
    } catch (e) {
      error ??= e;
    }
    const stuck = results.find((r) => r.state === 'pending');
    const failed = stuck !== undefined || error !== undefined;
    this.#failedRounds = failed ? this.#failedRounds + 1 : 0;
    if (stuck?.record.lastError) this.#lastFailure = stuck.record.lastError;
    else if (!failed) this.#lastFailure = undefined;
    const nextDelayMs = this.delayAfter(this.#failedRounds);
    const round: RetryRound = {
      results,
      stats: this.#stats,
      ...(stuck?.record.lastError ? { failure: stuck.record.lastError } : {}),
      ...(error !== undefined ? { error } : {}),
      nextDelayMs,
    };
    if (this.#running) this.#schedule(nextDelayMs);
    try {
      this.#onRound?.(round);
    } catch {
      // A logging callback must not stop the schedule.
    }
    return round;
  }

  #schedule(ms: number): void {
    this.#clear();
    this.#nextRunAt = this.#now() + ms;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      if (this.#running) void this.runNow();
    }, ms);
  }

  #clear(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#nextRunAt = undefined;
  }
}
