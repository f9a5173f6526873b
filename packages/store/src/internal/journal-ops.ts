import type {
  JournalEntry,
  JsonValue,
  LedgerEntry,
  ProcessedFile,
  RunStatus,
  SyncRun,
  TenantId,
} from '@usesync/domain';
import type { Ctx, Row, Value } from './context.js';
import { newToken } from './coordination-rules.js';
import {
  ACTION_COLUMNS,
  actionFromRow,
  encodeJson,
  encodeOptionalJson,
  LEDGER_COLUMNS,
  ledgerFromRow,
  ledgerValues,
  normalizeSha256,
  PROCESSED_COLUMNS,
  processedFromRow,
  RUN_COLUMNS,
  runFromRow,
  runLimit,
  unknownActionError,
  unknownRunError,
} from './journal-codec.js';

// ---- Ledger ---------------------------------------------------------------------------------

export function recordLedgerEntry(
  ctx: Ctx,
  tenant: TenantId,
  entry: LedgerEntry,
): { entry: LedgerEntry; created: boolean } {
  return ctx.atomic(() => {
    const r = ctx
      .stmt(`INSERT OR IGNORE INTO ledger (tenant, ${LEDGER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(tenant, ...(ledgerValues(entry) as Value[]));
    const created = Number(r.changes) > 0;
    if (!created && entry.serial !== undefined) {
      ctx
        .stmt('UPDATE ledger SET serial = ? WHERE tenant = ? AND idempotency_key = ? AND serial IS NULL')
        .run(entry.serial, tenant, entry.idempotencyKey);
    }
    const row = ctx.one(
      `SELECT ${LEDGER_COLUMNS} FROM ledger WHERE tenant = ? AND idempotency_key = ?`,
      tenant,
      entry.idempotencyKey,
    ) as Row;
    return { entry: ledgerFromRow(row), created };
  });
}

export function listLedger(ctx: Ctx, tenant: TenantId): LedgerEntry[] {
  return ctx
    .all(`SELECT ${LEDGER_COLUMNS} FROM ledger WHERE tenant = ? ORDER BY seq`, tenant)
    .map(ledgerFromRow);
}

// ---- Runs -----------------------------------------------------------------------------------

export function getRun(ctx: Ctx, tenant: TenantId, runId: string): SyncRun | undefined {
  const row = ctx.one(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE tenant = ? AND id = ?`, tenant, runId);
  return row ? runFromRow(row) : undefined;
}

export function startRun(
  ctx: Ctx,
  tenant: TenantId,
  runKey: string,
  meta: JsonValue,
): { run: SyncRun; resumed: boolean } {
  return ctx.atomic(() => {
    const open = ctx.one(
      `SELECT ${RUN_COLUMNS} FROM sync_runs WHERE tenant = ? AND run_key = ? AND finished_at IS NULL`,
      tenant,
      runKey,
    );
    if (open) return { run: runFromRow(open), resumed: true };
    const id = newToken();
    ctx
      .stmt(
        `INSERT INTO sync_runs (id, tenant, run_key, status, meta, started_at) VALUES (?, ?, ?, 'running', ?, ?)`,
      )
      .run(id, tenant, runKey, encodeJson(meta), ctx.now());
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
      .run(status, ctx.now(), encodeOptionalJson(summary), tenant, runId);
    if (Number(r.changes) === 0) throw unknownRunError(runId);
    return getRun(ctx, tenant, runId) as SyncRun;
  });
}

export function listRuns(ctx: Ctx, tenant: TenantId, limit = 100): SyncRun[] {
  const rows = ctx.all(
    `SELECT ${RUN_COLUMNS} FROM sync_runs WHERE tenant = ? ORDER BY started_at DESC, rowid DESC LIMIT ?`,
    tenant,
    runLimit(limit),
  );
  return rows.map(runFromRow);
}

// ---- Actions --------------------------------------------------------------------------------

export function getAction(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  actionId: string,
): JournalEntry | undefined {
  const row = ctx.one(
    `SELECT ${ACTION_COLUMNS} FROM journal WHERE tenant = ? AND run_id = ? AND action_id = ?`,
    tenant,
    runId,
    actionId,
  );
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
      throw unknownRunError(runId);
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
        .run(tenant, runId, actionId, encodeJson(data), ctx.now());
    }
    return getAction(ctx, tenant, runId, actionId) as JournalEntry;
  });
}

// Sets columns of one action and reads it back; `what` names the change in the error.
function updateAction(
  ctx: Ctx,
  set: string,
  values: readonly Value[],
  key: readonly [tenant: TenantId, runId: string, actionId: string],
  what: string,
): JournalEntry {
  return ctx.atomic(() => {
    const r = ctx
      .stmt(`UPDATE journal SET ${set} WHERE tenant = ? AND run_id = ? AND action_id = ?`)
      .run(...values, ...key);
    if (Number(r.changes) === 0) throw unknownActionError(what, key[1], key[2]);
    return getAction(ctx, ...key) as JournalEntry;
  });
}

export function progressAction(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  actionId: string,
  data: JsonValue,
): JournalEntry {
  return updateAction(ctx, 'data = ?', [encodeJson(data)], [tenant, runId, actionId], 'progress');
}

export function completeAction(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  actionId: string,
  outcome: JsonValue,
): JournalEntry {
  // A null outcome is stored as NULL here (read back without an outcome), as before.
  const encoded = outcome === null ? null : encodeJson(outcome);
  const set = "state = 'completed', outcome = ?, error = NULL, finished_at = ?";
  return updateAction(ctx, set, [encoded, ctx.now()], [tenant, runId, actionId], 'the end');
}

export function failAction(
  ctx: Ctx,
  tenant: TenantId,
  runId: string,
  actionId: string,
  error: string,
): JournalEntry {
  const set = "state = 'failed', outcome = NULL, error = ?, finished_at = ?";
  return updateAction(ctx, set, [error, ctx.now()], [tenant, runId, actionId], 'the end');
}

export function listActions(ctx: Ctx, tenant: TenantId, runId: string): JournalEntry[] {
  return ctx
    .all(`SELECT ${ACTION_COLUMNS} FROM journal WHERE tenant = ? AND run_id = ? ORDER BY seq`, tenant, runId)
    .map(actionFromRow);
}

// ---- Processed files ------------------------------------------------------------------------

export function wasProcessed(ctx: Ctx, tenant: TenantId, name: string): ProcessedFile | undefined {
  const r = ctx.one(
    `SELECT ${PROCESSED_COLUMNS} FROM processed_files WHERE tenant = ? AND name = ?`,
    tenant,
    name,
  );
  return r ? processedFromRow(r) : undefined;
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
      .stmt(`INSERT OR IGNORE INTO processed_files (tenant, ${PROCESSED_COLUMNS}) VALUES (?, ?, ?, ?, ?)`)
      .run(tenant, name, normalizeSha256(sha256), outcome, ctx.now());
    return { file: wasProcessed(ctx, tenant, name) as ProcessedFile, created: Number(r.changes) > 0 };
  });
}
