import { withFillerPaused } from './key-pool-filler.js';
import type { WorkerMetrics } from './metrics.js';
import type { ReplicaCoordination } from './replica.js';
import type { TenantLock } from './tenant-lock.js';
import { errorInfo, type TenantPoller } from './tenant-poller.js';
import { watchdogCycle } from './watchdog-job.js';

/**
 * When the worker's tenants run: polls of every tenant (at most `maxParallelTenants` at once; with
 * shared coordination each replica starts at a random tenant, so replicas spread over the tenants
 * instead of queueing on the same leases), WatchDog cycles (a schedule tick claimed once across
 * replicas), each under the tenant's lock. Tracks what runs, so a stop can wait for it.
 */
export class TenantScheduler {
  readonly pollers = new Map<string, TenantPoller>();
  readonly #running = new Set<Promise<unknown>>();
  readonly #abort = new AbortController();
  #stopping = false;
  lastPoll: string | undefined;

  constructor(
    private readonly o: {
      readonly lock: () => TenantLock | undefined;
      readonly replica: () => ReplicaCoordination | undefined;
      readonly metrics: WorkerMetrics;
      readonly maxParallelTenants: number;
    },
  ) {}

  /** True once {@link stop} was called: no new files are taken. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** Counts a promise as running until it settles. */
  track<T>(p: Promise<T>): Promise<T> {
    this.#running.add(p);
    p.finally(() => this.#running.delete(p)).catch(() => {});
    return p;
  }

  /**
   * Runs `fn` for a tenant under its lock; false when the tenant was busy. `fn` gets a signal that
   * aborts on {@link interrupt} or when the lock is lost (then the sync stops between actions).
   */
  async withLock(tenant: string, fn: (signal: AbortSignal) => Promise<unknown>): Promise<boolean> {
    const lock = this.o.lock();
    if (!lock) return false;
    const lease = await lock.tryAcquire(tenant);
    if (!lease) return false;
    try {
      await fn(lease.signal ? AbortSignal.any([this.#abort.signal, lease.signal]) : this.#abort.signal);
    } finally {
      await lease.release();
    }
    return true;
  }

  /** One poll of every tenant; a failed poll is counted per tenant (readiness) and logged. */
  async pollOnce(): Promise<void> {
    const all = [...this.pollers.values()];
    const start = this.o.replica() ? Math.floor(Math.random() * all.length) : 0;
    const queue = [...all.slice(start), ...all.slice(0, start)];
    const lane = async () => {
      for (let p = queue.shift(); p && !this.#stopping; p = queue.shift()) {
        const poller = p;
        const tenant = poller.ctx.tenant;
        try {
          const ran = await this.withLock(tenant, (signal) => poller.poll(() => this.#stopping, signal));
          if (ran) this.o.metrics.recordPollSuccess(tenant);
        } catch (e) {
          const err = errorInfo(e);
          this.o.metrics.recordPollFailure(tenant, err.code ?? err.message, poller.ctx.clock());
          poller.ctx.log.error({ err }, 'poll failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.maxParallelTenants, queue.length) }, lane));
    this.lastPoll = new Date().toISOString();
  }

  /**
   * One WatchDog cycle of a tenant (skipped when the tenant is busy or the worker stops). With
   * shared coordination and a schedule `tick`, only the replica that claims the tick runs it; a
   * manual call without a tick always runs.
   */
  async runWatchdog(tenant: string, tick?: string): Promise<'ran' | 'busy' | 'other-replica' | 'stopped'> {
    const poller = this.pollers.get(tenant);
    if (!poller || this.#stopping) return 'stopped';
    const replica = this.o.replica();
    if (replica && tick !== undefined) {
      const mine = await this.track(replica.ticks.claimTick(tenant, 'watchdog', tick, replica.holder));
      if (!mine) {
        poller.ctx.log.debug({ tick }, 'watchdog tick taken by another replica');
        return 'other-replica';
      }
    }
    const ran = await this.track(
      this.withLock(tenant, (signal) =>
        withFillerPaused(poller.ctx.filler, () => watchdogCycle(poller.ctx, signal)),
      ),
    );
    if (!ran) poller.ctx.log.info('watchdog skipped: a sync of the tenant is running');
    return ran ? 'ran' : 'busy';
  }

  /** Stops taking work; resolves `idle` when what runs has ended, or `timeout` after `graceMs`. */
  async stop(graceMs: number): Promise<'idle' | 'timeout'> {
    this.#stopping = true;
    const idle = Promise.allSettled([...this.#running]);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), graceMs);
    });
    const r = await Promise.race([idle.then(() => 'idle' as const), grace]);
    clearTimeout(timer);
    return r;
  }

  /** Interrupts the running syncs between actions and waits for them. */
  async interrupt(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled([...this.#running]);
  }

  /** How many tracked runs are in progress. */
  get running(): number {
    return this.#running.size;
  }
}

/**
 * The scheduled time (ISO-8601) of the cron run that is firing now, which every replica computes
 * alike from its own clock: the latest run at or before `now` (+1 s for a timer that fires early).
 */
export function scheduledTick(
  cron: { previousRuns(n: number, reference?: Date): Date[] },
  now: Date,
): string | undefined {
  return cron.previousRuns(1, new Date(now.getTime() + 1000))[0]?.toISOString();
}
