import type { TenantConfig } from '@usesync/config';
import {
  decodeUtf8,
  type KeyImportResult,
  type Plan,
  type Secret,
  type SyncOutcome,
  type SyncStatus,
  splitLines,
  syncStatus,
} from '@usesync/domain';
import { type RenderedReport, renderErrorReport } from '@usesync/report';
import type { KeyFileInput } from '@usesync/sync-engine';
import { type ApplyOptions, applyPlan } from './apply-plan.js';
import { type Delivery, type DeliveryNames, renderSyncDelivery, reportStem, uploadsOf } from './delivery.js';
import type { ApplyProgress, ExecutorDeps } from './deps.js';
import { runKeyOf } from './idempotency.js';
import { checkInputs, type InputFile, type SyncInputs } from './inputs.js';
import { readLiveRules } from './live-rules.js';
import { planSync } from './plan-sync.js';
import { preflightPlan } from './preflight.js';

/** How a sync ended: a {@link SyncStatus}, or it stopped before or while applying. */
export type RunSyncStatus = SyncStatus | 'parse-error' | 'interrupted';

/**
 * The process exit code of a sync, the same for `usesync apply` and the worker's outcome: 0 every
 * line done, 4 some line `(!)` or failed (or everything failed), 1 parse error or a plan refused
 * as a whole, 75 (EX_TEMPFAIL) interrupted — the files stay and the run resumes.
 */
export function exitCodeOf(status: RunSyncStatus): number {
  switch (status) {
    case 'ok':
      return 0;
    case 'partial':
    case 'failed':
      return 4;
    case 'parse-error':
    case 'refused':
      return 1;
    case 'interrupted':
      return 75;
  }
}

/** A key file waiting in the share's key folders, and how to take it away once imported. */
export interface WaitingKeyFile extends KeyFileInput {
  /** Removes the file from its folder (called only when it was imported). */
  readonly remove: () => Promise<void>;
}

/** A key file the share refused to read (a link, a FIFO, a folder, too large): reported, never imported. */
export interface RefusedKeyFile {
  readonly name: string;
  readonly folder: 'public' | 'private';
  readonly reason: string;
}

/** The key folders as read: the files to import and the entries refused. */
export interface WaitingKeyFiles {
  readonly files: readonly WaitingKeyFile[];
  readonly refused: readonly RefusedKeyFile[];
}

/** Progress and warnings of a run, for logs (never secrets: messages are the executor's own). */
export interface RunSyncLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** What a sync talks to. The worker and the CLI each build one; everything else is shared. */
export interface SyncPorts {
  readonly config: TenantConfig;
  /** Store, CA and PGP generator. */
  readonly deps: ExecutorDeps;
  /** The key files waiting in the tenant's key folders (read safely by the caller's share). */
  readonly keyFiles?: () => Promise<readonly WaitingKeyFile[] | WaitingKeyFiles>;
  /** The tenant's default import passphrase (resolved from `smime.defaultImportPassphrase`). */
  readonly defaultImportPassphrase?: Secret;
  /**
   * Hands a rendered delivery to the customer (mail and pushback for the worker; the outbox and the
   * reports folder for the CLI). Not called for a dry run.
   */
  readonly deliver?: (delivery: Delivery, inputs: SyncInputs) => Promise<void>;
  readonly clock?: () => Date;
  readonly log?: RunSyncLog;
}

/** Options of {@link runSync}. */
export interface RunSyncOptions
  extends Pick<ApplyOptions, 'signal' | 'orderWaitMs' | 'concurrency' | 'clock'> {
  /** The time the sync is planned for (expiry, renewal buffer); default the clock. */
  readonly now?: Date;
  /** Plan only: nothing is applied, nothing delivered, key files stay. */
  readonly dryRun?: boolean;
  readonly allowMassRevocation?: boolean;
  /** File names of the delivery; from the stem of the uploads' names (`reportStem`). */
  readonly names: (stem: string) => DeliveryNames;
  readonly onProgress?: (p: ApplyProgress) => void;
}

/** What {@link runSync} did. */
export interface SyncRunResult {
  readonly status: RunSyncStatus;
  /** {@link exitCodeOf} the status; a dry run: 0 no change, 3 changes, 1 refused or parse error. */
  readonly exitCode: number;
  readonly inputs: SyncInputs;
  /** The plan (absent after a parse error). */
  readonly plan?: Plan;
  /** The outcome of applying the plan (absent for a dry run, a parse error). */
  readonly outcome?: SyncOutcome;
  /** What was delivered: the reports (the error report after a parse error). */
  readonly delivery?: Delivery;
  /** The journal key of the run (the uploads' content hash). */
  readonly runKey: string;
}

/**
 * One sync, the same for the worker and `usesync apply` (and, with `dryRun`, `usesync plan`):
 * check the uploads → plan against the store (with the waiting key files as `key-import` actions
 * after the passphrases) → the CA's pre-flight of the orders (`preflightPlan`) → apply → render
 * the reports → deliver. A parse error stops before
 * anything is planned and delivers the error report. An aborted `signal` ends with `interrupted`
 * and delivers nothing: the journal and the CA's idempotency keys make the re-run safe, and the
 * re-run reports everything the run did, from the journal, whoever did it.
 */
export async function runSync(
  ports: SyncPorts,
  uploads: readonly InputFile[],
  options: RunSyncOptions,
): Promise<SyncRunResult> {
  const { config, deps, log } = ports;
  const clock = ports.clock ?? options.clock ?? (() => new Date());
  const now = options.now ?? clock();
  const tenant = config.tenant.id;
  const inputs = checkInputs(uploads);
  const runKey = runKeyOf(inputs);
  const names = options.names(reportStem(uploads.map((u) => u.name)));
  if (!inputs.ok) {
    const report = errorReportOf(tenant, inputs, now);
    const delivery: Delivery = {
      report,
      files: [{ name: names.errorReport ?? names.report, content: report.text }],
      items: [{ kind: 'error-report', report, uploads: uploadsOf(inputs) }],
    };
    if (!options.dryRun) await ports.deliver?.(delivery, inputs);
    log?.warn({}, 'parse errors: nothing applied, error report sent');
    return { status: 'parse-error', exitCode: exitCodeOf('parse-error'), inputs, delivery, runKey };
  }
  const read = (await ports.keyFiles?.()) ?? [];
  const waiting = 'files' in read ? read.files : read;
  const refusedKeys = 'files' in read ? read.refused : [];
  const planned = await planSync(deps.store, config, inputs, {
    now,
    ...(options.allowMassRevocation ? { allowMassRevocation: true } : {}),
    keyFiles: waiting,
    ...(ports.defaultImportPassphrase ? { defaultImportPassphrase: ports.defaultImportPassphrase } : {}),
  });
  // The CA's pre-flight: unknown products and subjects the product refuses are `(!)` in the plan.
  const checked = await preflightPlan(planned, deps.ca, options.signal);
  for (const p of checked.problems) log?.warn({ reason: p.message }, 'CA pre-flight skipped');
  const plan = checked.plan;
  log?.info({ actions: plan.actions.length, refused: plan.refusal !== undefined }, 'planned');
  if (options.dryRun) {
    const exitCode = plan.refusal ? 1 : plan.actions.length > 0 ? 3 : 0;
    return { status: plan.refusal ? 'refused' : 'ok', exitCode, inputs, plan, runKey };
  }
  const applied = await applyPlan(deps, config, plan, {
    now,
    runKey,
    clock,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.orderWaitMs === undefined ? {} : { orderWaitMs: options.orderWaitMs }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  const outcome: SyncOutcome =
    refusedKeys.length === 0
      ? applied
      : {
          ...applied,
          imports: [
            ...applied.imports,
            ...refusedKeys.map(
              (r): KeyImportResult => ({
                file: r.name,
                kind: r.folder === 'private' ? 'pkcs12' : 'certificate',
                status: 'failed',
                message: `not read from the ${r.folder} key folder: ${r.reason}`,
              }),
            ),
          ],
        };
  if (options.signal?.aborted) {
    const reason = options.signal.reason instanceof Error ? options.signal.reason.message : 'shutdown';
    log?.warn({ reason }, 'sync interrupted; the files stay and are planned again by the next holder');
    return { status: 'interrupted', exitCode: exitCodeOf('interrupted'), inputs, plan, outcome, runKey };
  }
  const imported = new Set(outcome.imports.filter((r) => r.status === 'imported').map((r) => r.file));
  for (const f of waiting) if (imported.has(f.name)) await f.remove();
  const status = syncStatus(outcome);
  const liveRules = await readLiveRules(deps.store, tenant);
  const delivery = renderSyncDelivery(config, inputs, outcome, liveRules, { now: clock(), names });
  await ports.deliver?.(delivery, inputs);
  return { status, exitCode: exitCodeOf(status), inputs, plan, outcome, delivery, runKey };
}

/** The error report of inputs that failed their checks (secrets masked line by line). */
export function errorReportOf(tenant: string, inputs: SyncInputs, now: Date): RenderedReport {
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
