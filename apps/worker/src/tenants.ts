import type { TenantConfig } from '@usesync/config';
import type { Store } from '@usesync/domain';
import type { CaHandle, ExecutorDeps } from '@usesync/executor';
import { KeyPool, KeyPoolFiller, kindsForConfig } from '@usesync/key-pool';
import type { MailSpool } from '@usesync/mailer';
import { generatePgpKey } from '@usesync/pgp';
import { keyPoolOf } from '@usesync/store';
import type { WorkerConfig } from './config.js';
import {
  type KeyPoolTarget,
  keyPoolTarget,
  logFillError,
  logFillRound,
  wantsKeys,
} from './key-pool-filler.js';
import type { Logger } from './logger.js';
import type { WorkerMetrics } from './metrics.js';
import type { ReplicaCoordination } from './replica.js';
import { openTenantShare } from './share-factory.js';
import { errorInfo, TenantPoller } from './tenant-poller.js';

/** The key pool of a worker and its idle filler (none when `keyPool.target` is 0). */
export interface WorkerKeyPool {
  readonly pool: KeyPool;
  readonly filler?: KeyPoolFiller;
  readonly target: KeyPoolTarget;
}

/**
 * The worker's key pool: keys are taken from the pool (sealed in the store) when it has them,
 * else generated; with `keyPool.target` set, an idle filler keeps every kind the tenants draw
 * from topped up on low-priority threads. Its sizes and counters feed `/metrics`.
 */
export function openWorkerKeyPool(
  store: Store,
  configs: readonly TenantConfig[],
  wc: WorkerConfig,
  log: Logger,
  metrics: WorkerMetrics,
): WorkerKeyPool {
  const pool = new KeyPool({ store: keyPoolOf(store) });
  metrics.observeKeyPool(() => pool.status());
  const target = keyPoolTarget(configs, wc.keyPool.target, kindsForConfig);
  const filler = wantsKeys(target)
    ? new KeyPoolFiller({
        pool,
        target,
        threads: wc.keyPool.threads,
        onRound: logFillRound(log),
        onError: logFillError(log),
      })
    : undefined;
  return { pool, target, ...(filler ? { filler } : {}) };
}

/** What every tenant of a worker shares. */
export interface SharedParts {
  readonly wc: WorkerConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly store: Store;
  readonly ca: CaHandle;
  readonly spool: MailSpool;
  readonly keys: WorkerKeyPool;
  readonly log: Logger;
  readonly metrics: WorkerMetrics;
  readonly clock: () => Date;
  readonly replica?: ReplicaCoordination;
}

/**
 * One tenant of the worker: its adapters (store, its CA view, PGP generation with its key
 * policy, the key pool), its share and its poller; the share's folders are made when reachable.
 */
export async function openTenant(config: TenantConfig, s: SharedParts): Promise<TenantPoller> {
  const tenant = config.tenant.id;
  const deps: ExecutorDeps = {
    store: s.store,
    keyPool: s.keys.pool,
    ca: s.ca.caFor(config),
    pgp: { generate: (r, policy) => generatePgpKey(r, policy ? { policy } : {}) },
  };
  const log = s.log.child({ tenant });
  const poller = new TenantPoller({
    tenant,
    config,
    dataDir: s.wc.dataDir,
    env: s.env,
    share: openTenantShare(config, s.wc.dataDir),
    store: s.store,
    deps,
    spool: s.spool,
    mailFrom: s.wc.mail.from,
    log,
    metrics: s.metrics,
    clock: s.clock,
    retentionDays: s.wc.returnRetentionDays,
    ...(s.replica ? { replica: s.replica } : {}),
    ...(s.keys.filler ? { filler: s.keys.filler } : {}),
  });
  await poller.prepare().catch((e: unknown) => log.warn({ err: errorInfo(e) }, 'share not reachable yet'));
  s.metrics.updateExpiry(tenant, await s.store.listCertificates(tenant), s.clock());
  return poller;
}
