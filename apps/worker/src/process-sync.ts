import { createHash } from 'node:crypto';
import type { TenantConfig } from '@usesync/config';
import { decodeUtf8, type KeyImportResult, type Store, type SyncOutcome, splitLines } from '@usesync/domain';
import {
  applyPlan,
  checkInputs,
  type ExecutorDeps,
  importKeys,
  type KeyFile,
  planSync,
  readLiveRules,
  renderSyncDelivery,
  reportStem,
  resolveSecretRef,
  runKeyOf,
  type SyncInputs,
  stemNames,
  uploadsOf,
} from '@usesync/executor';
import type { MailSpool } from '@usesync/mailer';
import { renderErrorReport } from '@usesync/report';
import { isSafeName, joinSharePath, type Share } from '@usesync/share';
import { type PushbackFile, pushback, sendMail } from './deliver.js';
import type { ImportKind } from './intake.js';
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
}

/** A downloaded upload. */
export interface DownloadedFile {
  readonly name: string;
  readonly fileKind: ImportKind;
  readonly bytes: Uint8Array;
}

/** How a sync ended: `interrupted` leaves the files in place for the next start. */
export type SyncResult = 'applied' | 'partial' | 'refused' | 'parse-error' | 'interrupted';

/** Lower-case hex SHA-256 of an upload (the processed-files ledger and file claims). */
export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * One sync: check → key imports → plan → apply → reports → mail → pushback → record the files as
 * processed → delete them from `use/`. A parse error stops before anything is applied (error
 * report). When `signal` aborts during the apply (shutdown, or the tenant's lease or a file claim
 * was lost), the files stay for the next start or replica (the journal and the CA's idempotency
 * keys make the re-run safe) and nothing is recorded.
 */
export async function processSync(
  ctx: TenantContext,
  files: readonly DownloadedFile[],
  signal?: AbortSignal,
): Promise<SyncResult> {
  const { config, log, store, tenant } = ctx;
  const names = files.map((f) => f.name);
  const now = ctx.clock();
  const inputs = checkInputs(files.map((f) => ({ name: f.name, bytes: f.bytes })));
  if (!inputs.ok) {
    const report = errorReport(tenant, inputs, now);
    const stem = reportStem(names);
    await sendMail(
      ctx.spool,
      config,
      ctx.mailFrom,
      inputs,
      [{ kind: 'error-report', report, uploads: uploadsOf(inputs) }],
      log,
    );
    await pushback(ctx.share, config, [{ name: `${stem}.error-report.txt`, content: report.text }]);
    await finishFiles(ctx, files, 'parse-error');
    log.warn({}, 'parse errors: nothing applied, error report sent');
    return 'parse-error';
  }
  const imports = await importKeyFolders(ctx, now);
  const plan = await planSync(store, config, inputs, { now });
  log.info({ actions: plan.actions.length, refused: plan.refusal !== undefined }, 'planned');
  const outcome: SyncOutcome = await applyPlan(ctx.deps, config, plan, inputs, {
    now,
    runKey: runKeyOf(inputs),
    imports,
    ...(signal ? { signal } : {}),
    onProgress: (p) =>
      log.debug({ action: p.actionId, status: p.status, done: p.done, total: p.total }, 'action'),
  });
  if (signal?.aborted) {
    const reason = signal.reason instanceof Error ? signal.reason.message : 'shutdown';
    log.warn({ reason }, 'sync interrupted; the files stay and are planned again by the next holder');
    return 'interrupted';
  }
  const result: SyncResult = plan.refusal
    ? 'refused'
    : outcome.results.some((r) => r.status === 'failed' || r.status === 'pending' || r.status === 'skipped')
      ? 'partial'
      : 'applied';
  ctx.metrics.recordOutcome(tenant, outcome);
  const liveRules = await readLiveRules(store, tenant);
  const delivery = renderSyncDelivery(config, inputs, outcome, liveRules, {
    now: ctx.clock(),
    names: stemNames(reportStem(names)),
  });
  const mails = await sendMail(ctx.spool, config, ctx.mailFrom, inputs, delivery.items, log);
  const returned = await pushback(ctx.share, config, delivery.files);
  await finishFiles(ctx, files, result);
  if (result !== 'refused') ctx.metrics.lastSuccess(tenant, ctx.clock());
  log.info({ result, mails, pushback: returned }, 'sync finished');
  return result;
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

function errorReport(tenant: string, inputs: SyncInputs, now: Date) {
  const files = [inputs.useImport, inputs.ruleImport].flatMap((f) =>
    f
      ? [
          {
            name: f.name,
            lines: splitLines(decodeUtf8(f.bytes).text),
            diagnostics: f.diagnostics,
            display: f.display,
          },
        ]
      : [],
  );
  const actionId = inputs.useImport?.value.options['action-id']?.value;
  return renderErrorReport({
    tenant,
    now: now.toISOString(),
    files,
    ...(actionId === undefined ? {} : { actionId }),
  });
}

/**
 * Imports the files in the tenant's public and private key folders; a file is removed from its
 * folder only when it was imported. Unsafe names and non-files are skipped (never followed).
 */
async function importKeyFolders(ctx: TenantContext, now: Date): Promise<KeyImportResult[]> {
  const { share, config } = ctx;
  const files: (KeyFile & { path: string })[] = [];
  for (const [folder, dir] of [
    ['public', config.share.publicKeysDir],
    ['private', config.share.privateKeysDir],
  ] as const) {
    let entries: Awaited<ReturnType<Share['list']>>;
    try {
      entries = await share.list(dir);
    } catch (e) {
      if ((e as { code?: string }).code === 'SHARE_NOT_FOUND') continue;
      throw e;
    }
    for (const e of entries) {
      if (e.kind !== 'file' || !isSafeName(e.name) || e.name.startsWith('.')) continue;
      if (e.size > config.limits.maxFileBytes) continue;
      const path = joinSharePath(dir, e.name);
      files.push({ name: e.name, folder, path, bytes: await share.read(path) });
    }
  }
  if (files.length === 0) return [];
  const ref = config.smime.defaultImportPassphrase;
  const results = await importKeys(ctx.store, config, files, {
    now,
    ...(ref ? { defaultPassphrase: resolveSecretRef(ref, ctx.env, ctx.dataDir) } : {}),
  });
  for (const [i, r] of results.entries()) {
    const f = files[i];
    if (f && r.status === 'imported') await share.remove(f.path);
  }
  ctx.log.info(
    { imported: results.filter((r) => r.status === 'imported').length, total: results.length },
    'key imports',
  );
  return results;
}

export type { PushbackFile };
