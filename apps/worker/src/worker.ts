import type { TenantConfig } from '@usesync/config';
import type { Store } from '@usesync/domain';
import {
  CA_ENV,
  type CaHandle,
  listTenants,
  loadTenantConfig,
  openMailSpool,
  smtpTransportOf,
} from '@usesync/executor';
import type { KeyPoolFiller } from '@usesync/key-pool';
import type { MailSpool, SpoolRetrier } from '@usesync/mailer';
import { Cron } from 'croner';
import { setUpCa } from './ca.js';
import { assertDisjointShareRoots, type WorkerConfig } from './config.js';
import { type ReadinessProblem, startHttp } from './http.js';
import { createLogger, type Logger } from './logger.js';
import { DEFAULT_MAIL_RETRY, type MailRetrySettings, startMailRetrier } from './mail-retry.js';
import { WorkerMetrics } from './metrics.js';
import { DEFAULT_READINESS, type ReadinessThresholds, readinessProblems } from './readiness.js';
import { openWorkerStore, type ReplicaCoordination } from './replica.js';
import { scheduledTick, TenantScheduler } from './scheduler.js';
import type { TenantLock } from './tenant-lock.js';
import type { TenantPoller } from './tenant-poller.js';
import { openTenant, openWorkerKeyPool } from './tenants.js';

export { DEFAULT_MAIL_RETRY, type MailRetrySettings } from './mail-retry.js';
export { DEFAULT_READINESS, type ReadinessThresholds } from './readiness.js';

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
  readonly #scheduler: TenantScheduler;
  readonly #pollers: Map<string, TenantPoller>;
  readonly #crons: Cron[] = [];
  #store: Store | undefined;
  #spool: MailSpool | undefined;
  #retrier: SpoolRetrier | undefined;
  #readiness: ReadinessThresholds = DEFAULT_READINESS;
  #ca: CaHandle | undefined;
  #filler: KeyPoolFiller | undefined;
  #http: { close(): Promise<void> } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #ready = false;

  private constructor(options: WorkerOptions) {
    this.config = options.config;
    this.log = options.logger ?? createLogger(options.config.logLevel);
    this.#lock = options.lock;
    this.#scheduler = new TenantScheduler({
      lock: () => this.#lock,
      replica: () => this.#replica,
      metrics: this.metrics,
      maxParallelTenants: options.config.maxParallelTenants,
    });
    this.#pollers = this.#scheduler.pollers;
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
    const retrier = startMailRetrier({ spool, settings: retry, clock, log: this.log, metrics: this.metrics });
    this.#retrier = retrier;
    const keys = openWorkerKeyPool(store, configs, wc, this.log, this.metrics);
    this.#filler = keys.filler;
    const shared = { wc, env, store, ca: this.#ca, spool, keys, log: this.log, metrics: this.metrics, clock };
    for (const config of configs) {
      const tenant = config.tenant.id;
      this.#pollers.set(
        tenant,
        await openTenant(config, this.#replica ? { ...shared, replica: this.#replica } : shared),
      );
      if (config.watchdog.enabled) {
        this.#crons.push(
          new Cron(config.watchdog.schedule, { protect: true }, async (cron: Cron) => {
            await this.runWatchdog(tenant, scheduledTick(cron, clock()));
          }),
        );
      }
    }
    const http = await startHttp(wc.http.host, wc.http.port, this.metrics, {
      ready: () => this.#ready && !this.#scheduler.stopping,
      problems: () => this.problems(),
      status: () => ({
        tenants: [...this.#pollers.keys()],
        lastPoll: this.#scheduler.lastPoll ?? null,
        ca: this.#ca?.kind,
        mail: {
          pending: retrier.pendingCount(),
          oldestPendingAgeSeconds: retrier.oldestPendingAgeSeconds() ?? null,
        },
      }),
    });
    this.#http = http;
    keys.filler?.start();
    this.httpPort = http.port;
    this.#ready = true;
    this.log.info(
      {
        tenants: [...this.#pollers.keys()],
        http: `http://${wc.http.host}:${http.port}`,
        ca: this.#ca.kind,
        mail: wc.smtp ? 'smtp' : 'outbox',
        store: opened.engine,
        keyPool: keys.filler ? keys.target : 'on demand',
        coordination: this.#replica ? 'shared' : 'process',
      },
      'worker started',
    );
    if (options.autoPoll !== false) this.#schedule(0);
  }

  #schedule(delayMs: number): void {
    if (this.#scheduler.stopping) return;
    this.#timer = setTimeout(() => {
      this.#scheduler
        .track(this.pollOnce())
        .finally(() => this.#schedule(this.config.pollIntervalSeconds * 1000));
    }, delayMs);
  }

  /** One poll of every tenant (see `TenantScheduler.pollOnce`). */
  pollOnce(): Promise<void> {
    return this.#scheduler.pollOnce();
  }

  /** One WatchDog cycle of a tenant (see `TenantScheduler.runWatchdog`). */
  runWatchdog(tenant: string, tick?: string): Promise<'ran' | 'busy' | 'other-replica' | 'stopped'> {
    return this.#scheduler.runWatchdog(tenant, tick);
  }

  /** Why the running worker is degraded, if it is (see `readinessProblems`). */
  problems(): ReadinessProblem[] {
    return readinessProblems(this.#readiness, this.#retrier, this.metrics);
  }

  /** The spool retrier (tests: run a round now, read its status). */
  get mailRetrier(): SpoolRetrier | undefined {
    return this.#retrier;
  }

  /** The poller of a tenant (tests, retention). */
  poller(tenant: string): TenantPoller | undefined {
    return this.#pollers.get(tenant);
  }

  /** Graceful stop (see the class comment). A second call interrupts at once. */
  async stop(graceSeconds = this.config.shutdownGraceSeconds): Promise<void> {
    if (this.#scheduler.stopping) {
      await this.#scheduler.interrupt();
      return;
    }
    this.log.info({ running: this.#scheduler.running }, 'stopping: no new files are taken');
    clearTimeout(this.#timer);
    for (const c of this.#crons) c.stop();
    if ((await this.#scheduler.stop(graceSeconds * 1000)) === 'timeout') {
      this.log.warn('grace period over: interrupting the running sync between actions');
      await this.#scheduler.interrupt();
    }
    await this.#close();
    this.log.info('worker stopped');
  }

  async #close(): Promise<void> {
    this.#ready = false;
    await this.#filler?.stop();
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
