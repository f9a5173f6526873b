import type { JournalEntry, JsonValue, RunStatus, SyncRun, TenantId } from '@usesync/domain';
import { newToken } from '../internal/coordination-rules.js';
import {
  ACTION_COLUMNS,
  actionFromRow,
  encodeJson,
  encodeOptionalJson,
  RUN_COLUMNS,
  runFromRow,
  runLimit,
  unknownActionError,
  unknownRunError,
} from '../internal/journal-codec.js';
import type { Db } from './pg-db.js';

// Every write here is one statement that is safe when several replicas race (ON CONFLICT), so
// the semantics hold across processes, not only inside one.

// ---- Runs -----------------------------------------------------------------------------------

export async function getRun(db: Db, tenant: TenantId, runId: string): Promise<SyncRun | undefined> {
  const row = await db.one(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE tenant = $1 AND id = $2`, [
    tenant,
    runId,
  ]);
  return row ? runFromRow(row) : undefined;
}

export async function startRun(
  db: Db,
  tenant: TenantId,
  runKey: string,
  meta: JsonValue,
): Promise<{ run: SyncRun; resumed: boolean }> {
  return db.atomic(async () => {
    const inserted = await db.one(
      `INSERT INTO sync_runs (id, tenant, run_key, status, meta, started_at) VALUES ($1, $2, $3, 'running', $4, $5)
       ON CONFLICT (tenant, run_key) WHERE finished_at IS NULL DO NOTHING RETURNING ${RUN_COLUMNS}`,
      [newToken(), tenant, runKey, encodeJson(meta), db.now()],
    );
    if (inserted) return { run: runFromRow(inserted), resumed: false };
    // The insert met the open run of this key, so it exists.
    const open = (await db.one(
      `SELECT ${RUN_COLUMNS} FROM sync_runs WHERE tenant = $1 AND run_key = $2 AND finished_at IS NULL`,
      [tenant, runKey],
    )) as Record<string, unknown>;
    return { run: runFromRow(open), resumed: true };
  });
}

export async function finishRun(
  db: Db,
  tenant: TenantId,
  runId: string,
  status: Exclude<RunStatus, 'running'>,
  summary?: JsonValue,
): Promise<SyncRun> {
  const row = await db.one(
    `UPDATE sync_runs SET status = $1, finished_at = $2, summary = $3 WHERE tenant = $4 AND id = $5 RETURNING ${RUN_COLUMNS}`,
    [status, db.now(), encodeOptionalJson(summary), tenant, runId],
  );
  if (!row) throw unknownRunError(runId);
  return runFromRow(row);
}

export async function listRuns(db: Db, tenant: TenantId, limit = 100): Promise<SyncRun[]> {
  const rows = await db.rows(
    `SELECT ${RUN_COLUMNS} FROM sync_runs WHERE tenant = $1 ORDER BY started_at DESC, seq DESC LIMIT $2`,
    [tenant, runLimit(limit)],
  );
  return rows.map(runFromRow);
}

// ---- Actions --------------------------------------------------------------------------------

export async function getAction(
  db: Db,
  tenant: TenantId,
  runId: string,
  actionId: string,
): Promise<JournalEntry | undefined> {
  const row = await db.one(
    `SELECT ${ACTION_COLUMNS} FROM journal WHERE tenant = $1 AND run_id = $2 AND action_id = $3`,
    [tenant, runId, actionId],
  );
  return row ? actionFromRow(row) : undefined;
}

export async function beginAction(
  db: Db,
  tenant: TenantId,
  runId: string,
  actionId: string,
  data: JsonValue,
): Promise<JournalEntry> {
  return db.atomic(async () => {
    if (!(await db.one('SELECT 1 FROM sync_runs WHERE tenant = $1 AND id = $2', [tenant, runId]))) {
      throw unknownRunError(runId);
    }
    // One statement: a new action starts at attempt 1; a started/failed one is begun again
    // (first data kept); a completed one is left alone and read back unchanged.
    await db.count(
      `INSERT INTO journal (tenant, run_id, action_id, state, data, attempts, started_at)
       VALUES ($1, $2, $3, 'started', $4, 1, $5)
       ON CONFLICT (tenant, run_id, action_id) DO UPDATE SET state = 'started', error = NULL,
         finished_at = NULL, attempts = journal.attempts + 1, started_at = EXCLUDED.started_at
       WHERE journal.state <> 'completed'`,
      [tenant, runId, actionId, encodeJson(data), db.now()],
    );
    return (await getAction(db, tenant, runId, actionId)) as JournalEntry;
  });
}

async function updateAction(
  db: Db,
  set: string,
  values: readonly unknown[],
  tenant: TenantId,
  runId: string,
  actionId: string,
  what: string,
): Promise<JournalEntry> {
  const n = values.length;
  const row = await db.one(
    `UPDATE journal SET ${set} WHERE tenant = $${n + 1} AND run_id = $${n + 2} AND action_id = $${n + 3} RETURNING ${ACTION_COLUMNS}`,
    [...values, tenant, runId, actionId],
  );
  if (!row) throw unknownActionError(what, runId, actionId);
  return actionFromRow(row);
}

export function progressAction(
  db: Db,
  tenant: TenantId,
  runId: string,
  actionId: string,
  data: JsonValue,
): Promise<JournalEntry> {
  return updateAction(db, 'data = $1', [encodeJson(data)], tenant, runId, actionId, 'progress');
}

export function completeAction(
  db: Db,
  tenant: TenantId,
  runId: string,
  actionId: string,
  outcome: JsonValue,
): Promise<JournalEntry> {
  return updateAction(
    db,
    "state = 'completed', outcome = $1, error = NULL, finished_at = $2",
    [encodeJson(outcome), db.now()],
    tenant,
    runId,
    actionId,
    'the end',
  );
}

export function failAction(
  db: Db,
  tenant: TenantId,
  runId: string,
  actionId: string,
  error: string,
): Promise<JournalEntry> {
  return updateAction(
    db,
    "state = 'failed', outcome = NULL, error = $1, finished_at = $2",
    [error, db.now()],
    tenant,
    runId,
    actionId,
    'the end',
  );
}

export async function listActions(db: Db, tenant: TenantId, runId: string): Promise<JournalEntry[]> {
  const rows = await db.rows(
    `SELECT ${ACTION_COLUMNS} FROM journal WHERE tenant = $1 AND run_id = $2 ORDER BY seq`,
    [tenant, runId],
  );
  return rows.map(actionFromRow);
}
