import type { TenantConfig } from '@usesync/config';
import type { Store } from '@usesync/domain';
import {
  type Delivery,
  type ExecutorDeps,
  type RunSyncStatus,
  resolveSecretRef,
  runSync,
  type SyncInputs,
  stemNames,
} from '@usesync/executor';
import { type DownloadedFile, sha256, waitingKeyFiles } from '@usesync/intake';
import type { MailSpool } from '@usesync/mailer';
import { joinSharePath, type Share } from '@usesync/share';
import { type PushbackFile, pushbackOrKeep, sendMail } from './deliver.js';
import type { IdleKeyPoolFiller } from './key-pool-filler.js';
import type { Logger } from './logger.js';
import type { WorkerMetrics } from './metrics.js';
import type { ReplicaCoordination } from './replica.js';

/** Everything a sync of one tenant needs. */
export interface TenantContext {
  readonly tenant: string;
  readonly config: TenantConfig;
  readonly dataDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly share: Share;
  readonly store: Store;
  readonly deps: ExecutorDeps;
  readonly spool: MailSpool;
  readonly mailFrom: string;
  readonly log: Logger;
  readonly metrics: WorkerMetrics;
  readonly clock: () => Date;
  /** Files in `return/` older than this many days are deleted. */
  readonly retentionDays: number;
  /** Shared coordination (several replicas on one store): files are claimed before a sync. */
  readonly replica?: ReplicaCoordination;
  /** The idle key-pool filler, paused while a sync or WatchDog cycle of this tenant runs. */
  readonly filler?: IdleKeyPoolFiller;
}

/** How a sync ended, as the processed-files ledger records it; `interrupted` leaves the files. */
export type SyncResult = 'applied' | 'partial' | 'failed' | 'refused' | 'parse-error' | 'interrupted';

const LEDGER: Record<RunSyncStatus, SyncResult> = {
  ok: 'applied',
  partial: 'partial',
  failed: 'failed',
  refused: 'refused',
  'parse-error': 'parse-error',
  interrupted: 'interrupted',
};

/**
 * One sync: `runSync` of `@usesync/executor` (check → plan with the waiting key files → apply →
 * reports), delivered by mail and pushback, then the files are recorded as processed and deleted
 * from `use/`. When `signal` aborts during the apply (shutdown, or the tenant's lease or a file
 * claim was lost), the files stay for the next start or replica and nothing is recorded.
 */
export async function processSync(
  ctx: TenantContext,
  files: readonly DownloadedFile[],
  signal?: AbortSignal,
): Promise<SyncResult> {
  const { config, log, tenant } = ctx;
  const ref = config.smime.defaultImportPassphrase;
  const run = await runSync(
    {
      config,
      deps: ctx.deps,
      keyFiles: () => waitingKeyFiles(ctx.share, config),
      ...(ref ? { defaultImportPassphrase: resolveSecretRef(ref, ctx.env, ctx.dataDir) } : {}),
      deliver: (delivery, inputs) => deliver(ctx, delivery, inputs),
      clock: ctx.clock,
      log,
    },
    files.map((f) => ({ name: f.name, bytes: f.bytes })),
    {
      names: (stem) => stemNames(stem),
      ...(signal ? { signal } : {}),
      onProgress: (p) =>
        log.debug({ action: p.actionId, status: p.status, done: p.done, total: p.total }, 'action'),
    },
  );
  const result = LEDGER[run.status];
  if (result === 'interrupted') return result;
  if (run.outcome) ctx.metrics.recordOutcome(tenant, run.outcome);
  await finishFiles(ctx, files, result);
  if (result !== 'refused' && result !== 'parse-error') ctx.metrics.lastSuccess(tenant, ctx.clock());
  log.info({ result, exitCode: run.exitCode }, 'sync finished');
  return result;
}

/** Mails a delivery through the spool and writes its files to the share's return folder. */
async function deliver(ctx: TenantContext, delivery: Delivery, inputs: SyncInputs): Promise<void> {
  const mails = await sendMail(ctx.spool, ctx.config, ctx.mailFrom, inputs, delivery.items, ctx.log);
  const returned = await pushbackOrKeep(ctx, delivery.files);
  ctx.log.info({ mails, pushback: returned }, 'delivered');
}

/** Records each file as processed (durably), then removes it from the share. */
export async function finishFiles(
  ctx: TenantContext,
  files: readonly { readonly name: string; readonly bytes: Uint8Array }[],
  outcome: string,
): Promise<void> {
  for (const f of files) {
    await ctx.store.recordProcessed(ctx.tenant, f.name, sha256(f.bytes), outcome);
    ctx.metrics.fileProcessed(ctx.tenant, outcome);
  }
  for (const f of files) await ctx.share.remove(joinSharePath(ctx.config.share.useDir, f.name));
}

export type { DownloadedFile, PushbackFile };
export { sha256 };
