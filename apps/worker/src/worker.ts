import type { TenantConfig } from '@usesync/config';
import type { Store } from '@usesync/domain';
import {
  CA_ENV,
  type CaHandle,
  type ExecutorDeps,
  listTenants,
  loadTenantConfig,
  openMailSpool,
  smtpTransportOf,
} from '@usesync/executor';
import { type MailSpool, type RetryRound, SpoolRetrier } from '@usesync/mailer';
import { generatePgpKey } from '@usesync/pgp';
import { Cron } from 'croner';
import { setUpCa } from './ca.js';
import { assertDisjointShareRoots, type WorkerConfig } from './config.js';
import { type ReadinessProblem, startHttp } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { WorkerMetrics } from './metrics.js';
import { openWorkerStore, type ReplicaCoordination, scheduledTick } from './replica.js';
import { openTenantShare } from './share-factory.js';
import type { TenantLock } from './tenant-lock.js';
import { errorInfo, TenantPoller } from './tenant-poller.js';
import { watchdogCycle } from './watchdog-job.js';

/** When a running worker reports itself degraded on `/readyz` (503, `state: degraded`). */
export interface ReadinessThresholds {
  /** Mail waiting in the spool longer than this (default 900 s = 15 min). */
  readonly maxMailPendingSeconds: number;
  /** A tenant's share polls failed this many times in a row (default 3). */
  readonly maxFailedPolls: number;
}

/** How the spool is retried while the worker runs (see `SpoolRetrier` of `@usesync/mailer`). */
export interface MailRetrySettings {
  /** Wait after the first round that left mail pending, doubled each time (default 30 s). */
  readonly initialDelaySeconds: number;
  /** Upper bound of that wait (default 900 s). */
  readonly maxDelaySeconds: number;
  /** How often the spool is looked at while nothing fails (default 60 s). */
  readonly intervalSeconds: number;
}

/** The defaults of {@link ReadinessThresholds}. */
export const DEFAULT_READINESS: ReadinessThresholds = { maxMailPendingSeconds: 900, maxFailedPolls: 3 };

/** The defaults of {@link MailRetrySettings}. */
export const DEFAULT_MAIL_RETRY: MailRetrySettings = {
  initialDelaySeconds: 30,
  maxDelaySeconds: 900,
  intervalSeconds: 60,
};

/** Options of {@link Worker.start}. */
export interface WorkerOptions {
  readonly config: WorkerConfig;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
  /** The tenant lock (default: store leases with shared coordination, else in-process). */
  readonly lock?: TenantLock;
  readonly clock?: () => Date;
  /** Start the poll loop (default true; tests call `pollOnce`). */
  readonly autoPoll?: boolean;
  /** Overrides the configuration's `readiness` thresholds. */
  readonly readiness?: Partial<ReadinessThresholds>;
  /** Overrides the configuration's `mailRetry` settings. */
  readonly mailRetry?: Partial<MailRetrySettings>;
}

/**
 * The worker: polls each tenant's share, runs syncs (one per tenant at a time, tenants in
 * parallel up to `maxParallelTenants`), runs WatchDog cycles on their cron schedules, serves
 * `/healthz`, `/readyz` and `/metrics`. `stop()` stops taking files, lets the running sync finish
 * (up to `shutdownGraceSeconds`, then interrupts it between actions) and closes everything.
 * Several replicas may share one store (PostgreSQL): tenant leases, file claims and schedule
 * ticks of the store then keep each tenant's syncs serial, each file processed once and each
 * WatchDog tick run once.
 */
export class Worker {
  readonly config: WorkerConfig;
  readonly metrics = new WorkerMetrics();
  readonly log: Logger;
  /** The bound HTTP port. */
  httpPort = 0;
  #lock: TenantLock | undefined;
  #replica: ReplicaCoordination | undefined;
  readonly #pollers = new Map<string, TenantPoller>();
  readonly #crons: Cron[] = [];
  readonly #abort = new AbortController();
  readonly #running = new Set<Promise<unknown>>();
  #store: Store | undefined;
  #spool: MailSpool | undefined;
  #retrier: SpoolRetrier | undefined;
  #readiness: ReadinessThresholds = DEFAULT_READINESS;
  #ca: CaHandle | undefined;
  #http: { close(): Promise<void> } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;
  #ready = false;
  #lastPoll: string | undefined;

  private constructor(options: WorkerOptions) {
    this.config = options.config;
    this.log = options.logger ?? createLogger(options.config.logLevel);
    this.#lock = options.lock;
  }

  /** Validates every tenant configuration, opens store, CA, mail and shares, and starts serving. */
  static async start(options: WorkerOptions): Promise<Worker> {
    const w = new Worker(options);
    try {
      await w.#open(options);
    } catch (e) {
      await w.#close();
      throw e;
    }
    return w;
  }

  async #open(options: WorkerOptions): Promise<void> {
    const wc = this.config;
    const env = options.env ?? process.env;
    const clock = options.clock ?? (() => new Date());
    const tenants = wc.tenants ?? listTenants(wc.dataDir);
    if (tenants.length === 0) this.log.warn({ dataDir: wc.dataDir }, 'no tenants configured');
    const configs: TenantConfig[] = tenants.map((t) => loadTenantConfig(wc.dataDir, t));
    // One tenant must never list, import or delete another's uploads.
    await assertDisjointShareRoots(configs, wc.dataDir);
    const opened = await openWorkerStore(wc, env);
    const store = opened.store;
    this.#store = store;
    this.#lock ??= opened.lock;
    this.#replica = opened.replica;
    if (this.#replica) this.log.setBindings({ replica: this.#replica.holder });
    if (opened.engine === 'postgres' && !wc.swisssign && !env[CA_ENV.url])
      this.log.warn(
        'the store is shared but the CA is this replica’s own simulator: configure swisssign (or USESYNC_SWISSSIGN_URL) so that replicas see the same orders',
      );
    this.#ca = await setUpCa(wc, env, (op, s, ok) => this.metrics.caCall(op, s, ok));
    const spool = openMailSpool(
      wc.dataDir,
      wc.smtp ? smtpTransportOf(wc.smtp, env, wc.configDir) : undefined,
    );
    this.#spool = spool;
    this.#readiness = { ...DEFAULT_READINESS, ...defined(wc.readiness), ...defined(options.readiness) };
    const retry = { ...DEFAULT_MAIL_RETRY, ...defined(wc.mailRetry), ...defined(options.mailRetry) };
    // Pending mail (an SMTP outage, a restart) leaves while the worker runs: the first round now,
    // then with backoff while it fails. Its status feeds /metrics and /readyz.
    const retrier = new SpoolRetrier({
      spool,
      initialDelayMs: retry.initialDelaySeconds * 1000,
      maxDelayMs: retry.maxDelaySeconds * 1000,
      idleIntervalMs: retry.intervalSeconds * 1000,
      now: () => clock().getTime(),
      onRound: (round) => this.#logMailRound(round),
    });
    this.#retrier = retrier;
    this.metrics.observeMail(() => ({
      pending: retrier.pendingCount(),
      oldestPendingAgeSeconds: retrier.oldestPendingAgeSeconds(),
    }));
    retrier.start();
    for (const config of configs) {
      const tenant = config.tenant.id;
      const deps: ExecutorDeps = {
        store,
        ca: this.#ca.caFor(config),
        pgp: { generate: (r) => generatePgpKey(r) },
      };
      const log = this.log.child({ tenant });
      const poller = new TenantPoller({
        tenant,
        config,
        dataDir: wc.dataDir,
        env,
        share: openTenantShare(config, wc.dataDir),
        store,
        deps,
        spool,
        mailFrom: wc.mail.from,
        log,
        metrics: this.metrics,
        clock,
        retentionDays: wc.returnRetentionDays,
        ...(this.#replica ? { replica: this.#replica } : {}),
      });
      this.#pollers.set(tenant, poller);
      await poller
        .prepare()
        .catch((e: unknown) => log.warn({ err: errorInfo(e) }, 'share not reachable yet'));
      this.metrics.updateExpiry(tenant, await store.listCertificates(tenant), clock());
      if (config.watchdog.enabled) {
        this.#crons.push(
          new Cron(config.watchdog.schedule, { protect: true }, async (cron: Cron) => {
            await this.runWatchdog(tenant, scheduledTick(cron, clock()));
          }),
        );
      }
    }
    const http = await startHttp(wc.http.host, wc.http.port, this.metrics, {
      ready: () => this.#ready && !this.#stopping,
      problems: () => this.problems(),
      status: () => ({
        tenants: [...this.#pollers.keys()],
        lastPoll: this.#lastPoll ?? null,
        ca: this.#ca?.kind,
        mail: {
          pending: retrier.pendingCount(),
          oldestPendingAgeSeconds: retrier.oldestPendingAgeSeconds() ?? null,
        },
      }),
    });
    this.#http = http;
    this.httpPort = http.port;
    this.#ready = true;
    this.log.info(
      {
        tenants: [...this.#pollers.keys()],
        http: `http://${wc.http.host}:${http.port}`,
        ca: this.#ca.kind,
        mail: wc.smtp ? 'smtp' : 'outbox',
        store: opened.engine,
        coordination: this.#replica ? 'shared' : 'process',
      },
      'worker started',
    );
    if (options.autoPoll !== false) this.#schedule(0);
  }

  #schedule(delayMs: number): void {
    if (this.#stopping) return;
    this.#timer = setTimeout(() => {
      this.#track(this.pollOnce()).finally(() => this.#schedule(this.config.pollIntervalSeconds * 1000));
    }, delayMs);
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#running.add(p);
    p.finally(() => this.#running.delete(p)).catch(() => {});
    return p;
  }

  /**
   * Runs `fn` for a tenant under its lock; false when the tenant was busy. `fn` gets a signal that
   * aborts on the second stop signal or when the lock is lost (then the sync stops between actions).
   */
  async #withLock(tenant: string, fn: (signal: AbortSignal) => Promise<unknown>): Promise<boolean> {
    const lock = this.#lock;
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

  /**
   * One poll of every tenant, at most `maxParallelTenants` at once. With shared coordination each
   * replica starts at a random tenant, so replicas spread over the tenants instead of queueing on
   * the same leases.
   */
  async pollOnce(): Promise<void> {
    const all = [...this.#pollers.values()];
    const start = this.#replica ? Math.floor(Math.random() * all.length) : 0;
    const queue = [...all.slice(start), ...all.slice(0, start)];
    const worker = async () => {
      for (let p = queue.shift(); p && !this.#stopping; p = queue.shift()) {
        const poller = p;
        const tenant = poller.ctx.tenant;
        try {
          const ran = await this.#withLock(tenant, (signal) => poller.poll(() => this.#stopping, signal));
          if (ran) this.metrics.recordPollSuccess(tenant);
        } catch (e) {
          const err = errorInfo(e);
          this.metrics.recordPollFailure(tenant, err.code ?? err.message, poller.ctx.clock());
          poller.ctx.log.error({ err }, 'poll failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.maxParallelTenants, queue.length) }, worker));
    this.#lastPoll = new Date().toISOString();
  }

  /**
   * One WatchDog cycle of a tenant (skipped when the tenant is busy or the worker stops). With
   * shared coordination and a schedule `tick` (the cron run's scheduled time), only the replica
   * that claims the tick runs it; a manual call without a tick always runs.
   */
  async runWatchdog(tenant: string, tick?: string): Promise<'ran' | 'busy' | 'other-replica' | 'stopped'> {
    const poller = this.#pollers.get(tenant);
    if (!poller || this.#stopping) return 'stopped';
    const replica = this.#replica;
    if (replica && tick !== undefined) {
      const mine = await this.#track(replica.ticks.claimTick(tenant, 'watchdog', tick, replica.holder));
      if (!mine) {
        poller.ctx.log.debug({ tick }, 'watchdog tick taken by another replica');
        return 'other-replica';
      }
    }
    const ran = await this.#track(this.#withLock(tenant, (signal) => watchdogCycle(poller.ctx, signal)));
    if (!ran) poller.ctx.log.info('watchdog skipped: a sync of the tenant is running');
    return ran ? 'ran' : 'busy';
  }

  /**
   * Why the running worker is degraded, if it is: mail pending longer than
   * `readiness.maxMailPendingSeconds` (with the last delivery failure), tenants whose polls failed
   * `readiness.maxFailedPolls` times in a row (with the last error code). Empty when all is well.
   */
  problems(): ReadinessProblem[] {
    const out: ReadinessProblem[] = [];
    const { maxMailPendingSeconds, maxFailedPolls } = this.#readiness;
    const age = this.#retrier?.oldestPendingAgeSeconds();
    if (age !== undefined && age > maxMailPendingSeconds) {
      const last = this.#retrier?.status().lastFailure;
      out.push({
        check: 'mail',
        message: `${this.#retrier?.pendingCount()} mail(s) pending, the oldest for ${age} s (over ${maxMailPendingSeconds} s)${last ? `; last failure: ${last.message}` : ''}`,
      });
    }
    for (const f of this.metrics.failingPolls(maxFailedPolls)) {
      out.push({
        check: 'poll',
        tenant: f.tenant,
        message: `${f.failures} polls of tenant ${f.tenant} failed in a row since ${f.since}: ${f.reason}`,
      });
    }
    return out;
  }

  /** The spool retrier (tests: run a round now, read its status). */
  get mailRetrier(): SpoolRetrier | undefined {
    return this.#retrier;
  }

  #logMailRound(round: RetryRound): void {
    const sent = round.results.filter((r) => r.state === 'sent').length;
    const failed = round.results.filter((r) => r.state === 'failed').length;
    if (sent > 0) this.log.info({ mails: sent }, 'pending mail delivered');
    if (failed > 0) this.log.error({ mails: failed }, 'mail refused for good; moved to the spool’s failed/');
    if (round.failure)
      this.log.warn(
        {
          pending: round.stats.count,
          reason: round.failure.message,
          kind: round.failure.kind,
          retryInSeconds: Math.round(round.nextDelayMs / 1000),
        },
        'mail kept in the spool',
      );
    if (round.error !== undefined) this.log.warn({ err: errorInfo(round.error) }, 'mail spool retry failed');
  }

  /** The poller of a tenant (tests, retention). */
  poller(tenant: string): TenantPoller | undefined {
    return this.#pollers.get(tenant);
  }

  /** Graceful stop (see the class comment). A second call interrupts at once. */
  async stop(graceSeconds = this.config.shutdownGraceSeconds): Promise<void> {
    if (this.#stopping) {
      this.#abort.abort();
      return;
    }
    this.#stopping = true;
    this.log.info({ running: this.#running.size }, 'stopping: no new files are taken');
    clearTimeout(this.#timer);
    for (const c of this.#crons) c.stop();
    const idle = Promise.allSettled([...this.#running]);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), graceSeconds * 1000);
    });
    if ((await Promise.race([idle, grace])) === 'timeout') {
      this.log.warn('grace period over: interrupting the running sync between actions');
      this.#abort.abort();
      await idle;
    }
    clearTimeout(timer);
    await this.#close();
    this.log.info('worker stopped');
  }

  async #close(): Promise<void> {
    this.#ready = false;
    // The SMTP pool keeps idle connections open (and the process alive) until it is closed; a
    // retry round in progress ends when the transport closes.
    const retrying = this.#retrier?.stop();
    await this.#spool?.close().catch(() => {});
    await within(retrying, 2000);
    await this.#http?.close();
    for (const p of this.#pollers.values()) await p.ctx.share.close().catch(() => {});
    await this.#ca?.close().catch(() => {});
    await this.#store?.close().catch(() => {});
  }
}

/** The keys of `o` whose value is not undefined (so that they do not hide a default). */
function defined<T extends object>(o: T | undefined): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<{
    [K in keyof T]: Exclude<T[K], undefined>;
  }>;
}

/** Waits for `p`, at most `ms` (a stuck peer must not hold the shutdown). */
async function within(p: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (p === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    p.catch(() => {}),
    new Promise<void>((r) => {
      timer = setTimeout(r, ms);
    }),
  ]);
  clearTimeout(timer);
}
