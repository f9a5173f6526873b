import type {
  JournalEntry,
  JsonValue,
  LedgerEntry,
  ProcessedFile,
  RunStatus,
  SyncRun,
} from '@usesync/domain';
import { UsesyncError } from '@usesync/domain';

// Engine-neutral encoding of the journal, ledger and processed-files rows: JSON columns are
// stored as text in both engines, and rows are read as objects keyed by column name.

/** A row read as an object keyed by column name. */
export type Fields = Readonly<Record<string, unknown>>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A JSON value as stored in a text column. */
export const encodeJson = (v: JsonValue): string => JSON.stringify(v);

/** An optional JSON value as stored in a nullable text column (absent is NULL). */
export const encodeOptionalJson = (v: JsonValue | undefined): string | null =>
  v === undefined ? null : JSON.stringify(v);

const decodeJson = (v: unknown): JsonValue => JSON.parse(v as string) as JsonValue;
const present = (v: unknown): boolean => v !== null && v !== undefined;

/** The number of runs a listing returns: a whole number, never negative. */
export const runLimit = (limit: number): number => Math.max(0, Math.floor(limit));

/** The error of a journal call naming a run the tenant does not have. */
export function unknownRunError(runId: string): UsesyncError {
  return new UsesyncError('JOURNAL_UNKNOWN_RUN', `Cannot journal run ${runId}: no such run for this tenant`);
}

/** The error of recording `what` (progress, the end) of an action that was never begun. */
export function unknownActionError(what: string, runId: string, actionId: string): UsesyncError {
  return new UsesyncError(
    'JOURNAL_UNKNOWN_ACTION',
    `Cannot record ${what} of action ${actionId} in run ${runId}: it was never begun`,
  );
}

// ---- Ledger ---------------------------------------------------------------------------------

/** The ledger columns, in the order of {@link ledgerValues}. */
export const LEDGER_COLUMNS = 'idempotency_key, address, order_ref, product, kind, at, serial';

/** A ledger entry's row values in the order of {@link LEDGER_COLUMNS}. */
export function ledgerValues(e: LedgerEntry): unknown[] {
  return [e.idempotencyKey, e.address, e.orderRef, e.product, e.kind, e.at, e.serial ?? null];
}

/** A ledger entry from its row. */
export function ledgerFromRow(r: Fields): LedgerEntry {
  const e: Mutable<LedgerEntry> = {
    idempotencyKey: r.idempotency_key as string,
    address: r.address as string,
    orderRef: r.order_ref as string,
    product: r.product as string,
    kind: r.kind as LedgerEntry['kind'],
    at: r.at as string,
  };
  if (present(r.serial)) e.serial = r.serial as string;
  return e;
}

// ---- Processed files ------------------------------------------------------------------------

/** The processed-files columns read back. */
export const PROCESSED_COLUMNS = 'name, sha256, outcome, processed_at';

/** A processed file from its row. */
export function processedFromRow(r: Fields): ProcessedFile {
  return {
    name: r.name as string,
    sha256: r.sha256 as string,
    outcome: r.outcome as string,
    processedAt: r.processed_at as string,
  };
}

/** A file digest as stored: lower-case hex, whatever the caller passed. */
export const normalizeSha256 = (sha256: string): string => sha256.toLowerCase();

// ---- Runs -----------------------------------------------------------------------------------

/** The run columns read back. */
export const RUN_COLUMNS = 'id, tenant, run_key, status, meta, started_at, finished_at, summary';

/** A sync run from its row. */
export function runFromRow(r: Fields): SyncRun {
  const run: Mutable<SyncRun> = {
    id: r.id as string,
    tenant: r.tenant as string,
    runKey: r.run_key as string,
    status: r.status as RunStatus,
    meta: decodeJson(r.meta),
    startedAt: r.started_at as string,
  };
  if (present(r.finished_at)) run.finishedAt = String(r.finished_at);
  if (present(r.summary)) run.summary = decodeJson(r.summary);
  return run;
}

// ---- Actions --------------------------------------------------------------------------------

/** The journal columns read back. */
export const ACTION_COLUMNS =
  'run_id, action_id, state, data, outcome, error, attempts, started_at, finished_at';

/** A journal entry from its row. */
export function actionFromRow(r: Fields): JournalEntry {
  const a: Mutable<JournalEntry> = {
    runId: r.run_id as string,
    actionId: r.action_id as string,
    state: r.state as JournalEntry['state'],
    data: decodeJson(r.data),
    attempts: Number(r.attempts),
    startedAt: r.started_at as string,
  };
  if (present(r.outcome)) a.outcome = decodeJson(r.outcome);
  if (present(r.error)) a.error = r.error as string;
  if (present(r.finished_at)) a.finishedAt = r.finished_at as string;
  return a;
}
