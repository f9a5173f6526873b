import type { TenantConfig } from '@usesync/config';
import type { ActionResult, CertificateEvent, JsonValue, Store } from '@usesync/domain';
import type { ExecutorDeps } from '../deps.js';
import type { SyncInputs } from '../inputs.js';

/** Everything a step needs. */
export interface StepContext {
  readonly deps: ExecutorDeps;
  readonly store: Store;
  readonly config: TenantConfig;
  readonly tenant: string;
  readonly now: Date;
  readonly runId: string;
  readonly inputs?: SyncInputs;
  readonly signal?: AbortSignal;
  /** Upper bound of one wait for a CA order (ms); the client's default when absent. */
  readonly orderWaitMs?: number;
}

/** What one step produced. */
export interface StepOutput {
  readonly result: ActionResult;
  readonly event?: CertificateEvent;
  /** The CA chain (issuing CA first) of an issued certificate. */
  readonly chainPem?: readonly string[];
  /** True when the step completed its journal entry itself (atomically with its writes). */
  readonly journalled?: boolean;
}

/** The journal outcome of a completed step (public data only). */
export function journalOutcome(out: StepOutput): JsonValue {
  return JSON.parse(
    JSON.stringify({ result: out.result, event: out.event ?? null, chainPem: out.chainPem ?? null }),
  ) as JsonValue;
}

/** A step's output back from the journal (a resumed run skips completed actions). */
export function fromJournal(id: string, outcome: JsonValue | undefined): StepOutput {
  const o = (outcome ?? {}) as {
    result?: ActionResult;
    event?: CertificateEvent | null;
    chainPem?: string[] | null;
  };
  return {
    result: o.result ?? { id, status: 'done', message: 'completed by an earlier, interrupted run' },
    ...(o.event ? { event: o.event } : {}),
    ...(o.chainPem ? { chainPem: o.chainPem } : {}),
  };
}

/** A failure message without secrets: the error's own message (our errors never hold secrets). */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${error.message} [${code}]`
      : error.message;
  }
  return String(error);
}
