import { randomUUID } from 'node:crypto';
import type {
  JournalEntry,
  JsonValue,
  LedgerEntry,
  ProcessedFile,
  RunStatus,
  SyncRun,
  TenantId,
} from '@usesync/domain';
import { UsesyncError } from '@usesync/domain';
import { type Ctx, opt, type Row } from './context.js';

// ---- Ledger ---------------------------------------------------------------------------------

function ledgerFromRow(r: Row): LedgerEntry {
  const e: { -readonly [K in keyof LedgerEntry]: LedgerEntry[K] } = {
    idempotencyKey: r.idempotency_key as string,
    address: r.address as string,
    orderRef: r.order_ref as string,
    product: r.product as string,
    kind: r.kind as LedgerEntry['kind'],
    at: r.at as string,
  };
  if (r.serial !== null) e.serial = r.serial as string;
  return e;
}

const LEDGER_COLUMNS = 'idempotency_key, address, order_ref, product, kind, at, serial';

export function recordLedgerEntry(
  ctx: Ctx,
  tenant: TenantId,
  entry: LedgerEntry,
): { entry: LedgerEntry; created: boolean } {
  return ctx.atomic(() => {
    const r = ctx
      .stmt(`INSERT OR IGNORE INTO ledger (tenant, ${LEDGER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        tenant,
        entry.idempotencyKey,
        entry.address,
        entry.orderRef,
        entry.product,
        entry.kind,
        entry.at,
        entry.serial ?? null,
      );
    const created = Number(r.changes) > 0;
    if (!created && entry.serial !== undefined) {
      ctx
        .stmt('UPDATE ledger SET serial = ? WHERE tenant = ? AND idempotency_key = ? AND serial IS NULL')
        .run(entry.serial, tenant, entry.idempotencyKey);
    }
    const row = ctx
      .stmt(`SELECT ${LEDGER_COLUMNS} FROM ledger WHERE tenant = ? AND idempotency_key = ?`)
      .get(tenant, entry.idempotencyKey) as Row;
    return { entry: ledgerFromRow(row), created };
  });
}

export function listLedger(ctx: Ctx, tenant: TenantId): LedgerEntry[] {
  return (
    ctx.stmt(`SELECT ${LEDGER_COLUMNS} FROM ledger WHERE tenant = ? ORDER BY seq`).all(tenant) as Row[]
  ).map(ledgerFromRow);
}

// ---- Runs -----------------------------------------------------------------------------------

function runFromRow(r: Row): SyncRun {
  const run: { -readonly [K in keyof SyncRun]: SyncRun[K] } = {
    id: r.id as string,
    tenant: r.tenant as string,
    runKey: r.run_key as string,
    status: r.status as RunStatus,
    meta: JSON.parse(r.meta as string) as JsonValue,
    startedAt: r.started_at as string,
  };
  const finishedAt = opt(r.finished_at);
  if (finishedAt !== undefined) run.finishedAt = finishedAt;
  if (r.summary !== null) run.summary = JSON.parse(r.summary as string) as JsonValue;
  return run;
}

const RUN_COLUMNS = 'id, tenant, run_key, status, meta, started_at, finished_at, summary';

export function getRun(ctx: Ctx, tenant: TenantId, runId: string): SyncRun | undefined {
  const row = ctx
    .stmt(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE tenant = ? AND id = ?`)
    .get(tenant, runId) as Row | undefined;
  return row ? runFromRow(row) : undefined;
}

export function startRun(
  ctx: Ctx,
  tenant: TenantId,
  runKey: string,
  meta: JsonValue,
): { run: SyncRun; resumed: boolean } {
  return ctx.atomic(() => {
    const open = ctx
      .stmt(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE tenant = ? AND run_key = ? AND finished_at IS NULL`)
      .get(tenant, runKey) as Row | undefined;
    if (open) return { run: runFromRow(open), resumed: true };
    const id = randomUUID();
    ctx
      .stmt(
        `INSERT INTO sync_runs (id, tenant, run_key, status, meta, started_at) VALUES (?, ?, ?, 'running', ?, ?)`,
      )
      .run(id, tenant, runKey, JSON.stringify(meta), ctx.now());
    return { run: getRun(ctx, tenant, id) as SyncRun, resumed: false };
  });
}

export function finishRun(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  status: Exclude<RunStatus, 'running'>,
  summary?: JsonValue,
): SyncRun {
  return ctx.atomic(() => {
    const r = ctx
      .stmt('UPDATE sync_runs SET status = ?, finished_at = ?, summary = ? WHERE tenant = ? AND id = ?')
      .run(status, ctx.now(), summary === undefined ? null : JSON.stringify(summary), tenant, runId);
    if (Number(r.changes) === 0) throw unknownRun(runId);
    return getRun(ctx, tenant, runId) as SyncRun;
  });
}

export function listRuns(ctx: Ctx, tenant: TenantId, limit = 100): SyncRun[] {
  const rows = ctx
    .stmt(
      `SELECT ${RUN_COLUMNS} FROM sync_runs WHERE tenant = ? ORDER BY started_at DESC, rowid DESC LIMIT ?`,
    )
    .all(tenant, Math.max(0, Math.floor(limit))) as Row[];
  return rows.map(runFromRow);
}

function unknownRun(runId: string): UsesyncError {
  return new UsesyncError('JOURNAL_UNKNOWN_RUN', `Cannot journal run ${runId}: no such run for this tenant`);
}

// ---- Actions --------------------------------------------------------------------------------

function actionFromRow(r: Row): JournalEntry {
  const a: { -readonly [K in keyof JournalEntry]: JournalEntry[K] } = {
    runId: r.run_id as string,
    actionId: r.action_id as string,
    state: r.state as JournalEntry['state'],
    data: JSON.parse(r.data as string) as JsonValue,
    attempts: Number(r.attempts),
    startedAt: r.started_at as string,
  };
  if (r.outcome !== null) a.outcome = JSON.parse(r.outcome as string) as JsonValue;
  if (r.error !== null) a.error = r.error as string;
  if (r.finished_at !== null) a.finishedAt = r.finished_at as string;
  return a;
}

const ACTION_COLUMNS = 'run_id, action_id, state, data, outcome, error, attempts, started_at, finished_at';

export function getAction(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  actionId: string,
): JournalEntry | undefined {
  const row = ctx
    .stmt(`SELECT ${ACTION_COLUMNS} FROM journal WHERE tenant = ? AND run_id = ? AND action_id = ?`)
    .get(tenant, runId, actionId) as Row | undefined;
  return row ? actionFromRow(row) : undefined;
}

export function beginAction(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  actionId: string,
  data: JsonValue,
): JournalEntry {
  return ctx.atomic(() => {
    if (!ctx.stmt('SELECT 1 FROM sync_runs WHERE tenant = ? AND id = ?').get(tenant, runId))
      throw unknownRun(runId);
    const existing = getAction(ctx, tenant, runId, actionId);
    if (existing?.state === 'completed') return existing;
    if (existing) {
      ctx
        .stmt(
          `UPDATE journal SET state = 'started', error = NULL, finished_at = NULL, attempts = attempts + 1, started_at = ?
           WHERE tenant = ? AND run_id = ? AND action_id = ?`,
        )
        .run(ctx.now(), tenant, runId, actionId);
    } else {
      ctx
        .stmt(
          `INSERT INTO journal (tenant, run_id, action_id, state, data, attempts, started_at)
           VALUES (?, ?, ?, 'started', ?, 1, ?)`,
        )
        .run(tenant, runId, actionId, JSON.stringify(data), ctx.now());
    }
    return getAction(ctx, tenant, runId, actionId) as JournalEntry;
  });
}

function finishAction(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  actionId: string,
  state: 'completed' | 'failed',
  outcome: JsonValue | null,
  error: string | null,
): JournalEntry {
  return ctx.atomic(() => {
    const r = ctx
      .stmt(
        `UPDATE journal SET state = ?, outcome = ?, error = ?, finished_at = ?
         WHERE tenant = ? AND run_id = ? AND action_id = ?`,
      )
      .run(
        state,
        outcome === null ? null : JSON.stringify(outcome),
        error,
        ctx.now(),
        tenant,
        runId,
        actionId,
      );
    if (Number(r.changes) === 0) {
      throw new UsesyncError(
        'JOURNAL_UNKNOWN_ACTION',
        `Cannot record the end of action ${actionId} in run ${runId}: it was never begun`,
      );
    }
    return getAction(ctx, tenant, runId, actionId) as JournalEntry;
  });
}

export function progressAction(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  actionId: string,
  data: JsonValue,
): JournalEntry {
  return ctx.atomic(() => {
    const r = ctx
      .stmt('UPDATE journal SET data = ? WHERE tenant = ? AND run_id = ? AND action_id = ?')
      .run(JSON.stringify(data), tenant, runId, actionId);
    if (Number(r.changes) === 0) {
      throw new UsesyncError(
        'JOURNAL_UNKNOWN_ACTION',
        `Cannot record progress of action ${actionId} in run ${runId}: it was never begun`,
      );
    }
    return getAction(ctx, tenant, runId, actionId) as JournalEntry;
  });
}

export function completeAction(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  actionId: string,
  outcome: JsonValue,
): JournalEntry {
  return finishAction(ctx, tenant, runId, actionId, 'completed', outcome, null);
}

export function failAction(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  actionId: string,
  error: string,
): JournalEntry {
  return finishAction(ctx, tenant, runId, actionId, 'failed', null, error);
}

export function listActions(ctx: Ctx, tenant: TenantId, runId: string): JournalEntry[] {
  return (
    ctx
      .stmt(`SELECT ${ACTION_COLUMNS} FROM journal WHERE tenant = ? AND run_id = ? ORDER BY seq`)
      .all(tenant, runId) as Row[]
  ).map(actionFromRow);
}

// ---- Processed files ------------------------------------------------------------------------

export function wasProcessed(ctx: Ctx, tenant: TenantId, name: string): ProcessedFile | undefined {
  const r = ctx
    .stmt('SELECT name, sha256, outcome, processed_at FROM processed_files WHERE tenant = ? AND name = ?')
    .get(tenant, name) as Row | undefined;
  return r
    ? {
        name: r.name as string,
        sha256: r.sha256 as string,
        outcome: r.outcome as string,
        processedAt: r.processed_at as string,
      }
    : undefined;
}

export function recordProcessed(
  ctx: Ctx,
  tenant: TenantId,
  name: string,
  sha256: string,
  outcome: string,
): { file: ProcessedFile; created: boolean } {
  return ctx.atomic(() => {
    const r = ctx
      .stmt(
        'INSERT OR IGNORE INTO processed_files (tenant, name, sha256, outcome, processed_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(tenant, name, sha256.toLowerCase(), outcome, ctx.now());
    return { file: wasProcessed(ctx, tenant, name) as ProcessedFile, created: Number(r.changes) > 0 };
  });
}
