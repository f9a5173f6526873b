import type { TenantConfig } from '@usesync/config';
import type {
  Action,
  ActionResult,
  CertificateEvent,
  JsonValue,
  KeyImportResult,
  Store,
} from '@usesync/domain';
import type { ExecutorDeps } from '../deps.js';

/** Everything a step needs. */
export interface StepContext {
  readonly deps: ExecutorDeps;
  readonly store: Store;
  readonly config: TenantConfig;
  readonly tenant: string;
  readonly now: Date;
  readonly runId: string;
  /** The target rule set of the plan (unmasked canonical text), for `rule-add`/`rule-remove`. */
  readonly targetRuleSet?: string;
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
  /** What a `key-import` step did with its file. */
  readonly imported?: KeyImportResult;
  /** The action as journalled (public fields; secrets masked): how a resumed run reports it. */
  readonly action?: Action;
}

/**
 * The journal outcome of a completed step: public data only — the action itself is kept too (its
 * secrets serialise as the mask), so a run resumed by another worker reports what this one did.
 */
export function journalOutcome(out: StepOutput, action?: Action): JsonValue {
  return JSON.parse(
    JSON.stringify({
      result: out.result,
      event: out.event ?? null,
      chainPem: out.chainPem ?? null,
      imported: out.imported ?? null,
      action: action ?? null,
    }),
  ) as JsonValue;
}

/** A step's output back from the journal (a resumed run skips completed actions). */
export function fromJournal(id: string, outcome: JsonValue | undefined): StepOutput {
  const o = (outcome ?? {}) as {
    result?: ActionResult;
    event?: CertificateEvent | null;
    chainPem?: string[] | null;
    imported?: KeyImportResult | null;
    action?: Action | null;
  };
  return {
    result: o.result ?? { id, status: 'done', message: 'completed by an earlier, interrupted run' },
    ...(o.event ? { event: o.event } : {}),
    ...(o.chainPem ? { chainPem: o.chainPem } : {}),
    ...(o.imported ? { imported: o.imported } : {}),
    ...(o.action ? { action: o.action } : {}),
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
