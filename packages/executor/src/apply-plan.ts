import type { TenantConfig } from '@usesync/config';
import {
  type Action,
  type ActionResult,
  assertNever,
  type CertificateEvent,
  type KeyImportResult,
  type Plan,
  type RunStatus,
  type SyncOutcome,
} from '@usesync/domain';
import type { ApplyProgress, ExecutorDeps } from './deps.js';
import { applyGroups, applyRules } from './internal/batches.js';
import {
  fromJournal,
  journalOutcome,
  reasonOf,
  type StepContext,
  type StepOutput,
} from './internal/context.js';
import { importKeyStep } from './internal/key-import-step.js';
import { mapPool } from './internal/pool.js';
import { mergeResumed } from './internal/resume.js';
import { createCertificate } from './internal/smime-create.js';
import {
  addPassphrase,
  createPgpKey,
  deletePgpKeys,
  revokeCertificates,
  swissSignUser,
} from './internal/steps.js';

/** Options of {@link applyPlan}. */
export interface ApplyOptions {
  /** The time the plan was made for; recorded on keys, certificates and ledger rows. */
  readonly now: Date;
  /** Identifies the run in the journal (`runKeyOf(inputs)`): the same key resumes an unfinished run. */
  readonly runKey: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ApplyProgress) => void;
  /** Key generations and CA orders in flight at once (default 8). */
  readonly concurrency?: number;
  /** Upper bound of waiting for one CA order before it is reported pending (ms). */
  readonly orderWaitMs?: number;
  /** Wall clock for `finishedAt` (default the system clock). */
  readonly clock?: () => Date;
  /** What the run is, for the journal (default `sync`). */
  readonly origin?: string;
}

const PARALLEL = new Set<Action['kind']>(['smime-create', 'smime-revoke', 'pgp-create']);
type Lane = 'group' | 'rule' | 'parallel' | 'serial';
const laneOf = (a: Action): Lane =>
  a.kind === 'group-add' || a.kind === 'group-remove'
    ? 'group'
    : a.kind === 'rule-add' || a.kind === 'rule-remove'
      ? 'rule'
      : PARALLEL.has(a.kind)
        ? 'parallel'
        : 'serial';

/**
 * Executes a plan through the adapters, in the plan's order (passphrases, PGP, S/MIME
 * revocations, creations, the swisssign-users list, groups, rules). Write-ahead journal: every
 * action is begun before it runs and completed (or failed) after; a run with the same `runKey`
 * that did not finish is resumed and its completed actions are skipped. One failing action does
 * not stop the others. A refused plan executes nothing. The plan is self-contained (passphrases,
 * key files and the target rule set travel sealed in it): no upload is needed. A resumed run's
 * outcome also holds what the interrupted holder completed that this plan no longer asks for (a
 * certificate it ordered shows `(+)` in the report and is in the zip, whoever ordered it).
 */
export async function applyPlan(
  deps: ExecutorDeps,
  config: TenantConfig,
  plan: Plan,
  options: ApplyOptions,
): Promise<SyncOutcome> {
  const startedAt = (options.clock ?? (() => new Date()))().toISOString();
  if (plan.refusal || plan.actions.length === 0) {
    return {
      plan,
      imports: [],
      startedAt,
      results: [],
      certificates: [],
      chainPem: [],
      finishedAt: startedAt,
    };
  }
  const { store } = deps;
  const tenant = plan.tenant;
  const { run, resumed } = await store.startRun(tenant, options.runKey, {
    origin: options.origin ?? 'sync',
    actions: plan.actions.length,
  });
  const ctx: StepContext = {
    deps,
    store,
    config,
    tenant,
    now: options.now,
    runId: run.id,
    ...(plan.targetRuleSet ? { targetRuleSet: plan.targetRuleSet.reveal() } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.orderWaitMs === undefined ? {} : { orderWaitMs: options.orderWaitMs }),
  };
  const outputs = new Map<string, StepOutput>();
  let doneCount = 0;
  const record = (id: string, out: StepOutput): void => {
    outputs.set(id, out);
    doneCount++;
    options.onProgress?.({
      done: doneCount,
      total: plan.actions.length,
      actionId: id,
      status: out.result.status,
    });
  };

  for (const segment of segments(plan.actions)) {
    const pending: Action[] = [];
    for (const a of segment.actions) {
      if (options.signal?.aborted) {
        record(a.id, { result: { id: a.id, status: 'skipped', message: 'the run was stopped' } });
        continue;
      }
      const entry = await store.beginAction(tenant, run.id, a.id, { kind: a.kind });
      if (entry.state === 'completed') record(a.id, fromJournal(a.id, entry.outcome));
      else pending.push(a);
    }
    if (pending.length === 0) continue;
    if (segment.lane === 'group' || segment.lane === 'rule') {
      const outs =
        segment.lane === 'group'
          ? await applyGroups(ctx, pending as Parameters<typeof applyGroups>[1])
          : await applyRules(ctx, pending as Parameters<typeof applyRules>[1]);
      for (const a of pending) await finish(ctx, a, outs.get(a.id) ?? missing(a), record);
      continue;
    }
    const limit = segment.lane === 'parallel' ? (options.concurrency ?? 8) : 1;
    await mapPool(pending, limit, async (a) => finish(ctx, a, await runStep(ctx, a), record));
  }

  const results: ActionResult[] = plan.actions.map((a) => outputs.get(a.id)?.result ?? missing(a).result);
  const certificates: CertificateEvent[] = [];
  const imports: KeyImportResult[] = [];
  let chainPem: readonly string[] = [];
  for (const a of plan.actions) {
    const o = outputs.get(a.id) as (StepOutput & { events?: CertificateEvent[] }) | undefined;
    if (o?.event) certificates.push(o.event);
    if (o?.events) certificates.push(...o.events);
    if (o?.imported) imports.push(o.imported);
    if (o?.chainPem && chainPem.length === 0) chainPem = o.chainPem;
  }
  const bad = results.filter(
    (r) => r.status === 'failed' || r.status === 'pending' || r.status === 'skipped',
  );
  const status: Exclude<RunStatus, 'running'> =
    bad.length === 0 ? 'succeeded' : bad.length === results.length ? 'failed' : 'partial';
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  // An interrupted run stays open: the next holder of these files resumes it (same run key) and
  // its reports then hold everything this run completed.
  if (!options.signal?.aborted) await store.finishRun(tenant, run.id, status, counts);
  const finishedAt = (options.clock ?? (() => new Date()))().toISOString();
  const outcome: SyncOutcome = { plan, imports, startedAt, results, certificates, chainPem, finishedAt };
  return resumed ? mergeResumed(outcome, await store.listActions(tenant, run.id)) : outcome;
}

function missing(a: Action): StepOutput {
  return { result: { id: a.id, status: 'skipped', message: 'no result was recorded' } };
}

function segments(actions: readonly Action[]): { lane: Lane; actions: Action[] }[] {
  const out: { lane: Lane; actions: Action[] }[] = [];
  for (const a of actions) {
    const lane = laneOf(a);
    const last = out[out.length - 1];
    const sameKind = last && last.lane === lane && (lane !== 'parallel' || last.actions[0]?.kind === a.kind);
    if (sameKind) last.actions.push(a);
    else out.push({ lane, actions: [a] });
  }
  return out;
}

async function finish(
  ctx: StepContext,
  a: Action,
  out: StepOutput,
  record: (id: string, out: StepOutput) => void,
): Promise<void> {
  const { store, tenant, runId } = ctx;
  const s = out.result.status;
  if (!out.journalled) {
    if (s === 'done' || s === 'handed-off')
      await store.completeAction(tenant, runId, a.id, journalOutcome(out, a));
    else await store.failAction(tenant, runId, a.id, out.result.message ?? s);
  }
  record(a.id, out);
}

async function runStep(ctx: StepContext, a: Action): Promise<StepOutput> {
  try {
    switch (a.kind) {
      case 'smime-create':
        if (a.mode === 'semi-automatic') {
          return {
            result: {
              id: a.id,
              status: 'handed-off',
              message: 'in the semi-automatic CSV for the service desk',
            },
          };
        }
        return await createCertificate(ctx, a);
      case 'smime-revoke':
        return await revokeCertificates(ctx, a);
      case 'pgp-create':
        return await createPgpKey(ctx, a);
      case 'pgp-delete':
        return await deletePgpKeys(ctx, a);
      case 'passphrase-add':
        return await addPassphrase(ctx, a);
      case 'key-import':
        return await importKeyStep(ctx, a);
      case 'swisssign-user-add':
      case 'swisssign-user-remove':
        return await swissSignUser(ctx, a);
      case 'group-add':
      case 'group-remove':
      case 'rule-add':
      case 'rule-remove':
        return missing(a); // batched by the caller
      default:
        return assertNever(a, 'action');
    }
  } catch (e) {
    return { result: { id: a.id, status: 'failed', message: reasonOf(e) } };
  }
}
