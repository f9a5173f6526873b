import { UsesyncError } from '@usesync/domain';

/** Stable codes of {@link SwissSignError}. */
export type SwissSignErrorCode =
  /** The API key or user name was refused, or a fresh token was refused again. */
  | 'SWISSSIGN_AUTH'
  /** The API refused the request as invalid (HTTP 400, an `APIError`). Not retried. */
  | 'SWISSSIGN_BAD_REQUEST'
  /** The order, product or certificate does not exist (HTTP 404). */
  | 'SWISSSIGN_NOT_FOUND'
  /** The API failed (HTTP 5xx or 429) after every allowed retry. */
  | 'SWISSSIGN_SERVER'
  /** The connection failed or was dropped after every allowed retry. */
  | 'SWISSSIGN_NETWORK'
  /** A call did not answer within its timeout after every allowed retry. */
  | 'SWISSSIGN_TIMEOUT'
  /** The caller's AbortSignal fired. */
  | 'SWISSSIGN_ABORTED'
  /** The API answered something this client cannot read (wrong shape, unknown product). */
  | 'SWISSSIGN_PROTOCOL'
  /** The client was configured or called with invalid input. */
  | 'SWISSSIGN_INVALID_INPUT';

/** Details of a {@link SwissSignError}. */
export interface SwissSignErrorDetails {
  /** The operation that failed, e.g. `search orders`. */
  readonly operation: string;
  /** HTTP status, when the API answered. */
  readonly status?: number;
  /** `APIError.errorCode`, when the API sent one. */
  readonly apiErrorCode?: string;
  /** `APIError.errorMessages`, when the API sent them. */
  readonly apiMessages?: readonly string[];
  /** `APIError.uuid`: SwissSign's reference for support requests. */
  readonly errorReference?: string;
  /** True when repeating the same call may succeed (5xx, timeouts, dropped connections). */
  readonly retryable?: boolean;
  /** How long the API asked to wait (its `Retry-After` on 429/503), in ms. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/**
 * A failure talking to the SwissSign RA API. The message reads "Cannot <operation> at SwissSign:
 * <reason>" and never contains the API key or a token.
 */
export class SwissSignError extends UsesyncError {
  declare readonly code: SwissSignErrorCode;
  /** The operation that failed. */
  readonly operation: string;
  /** HTTP status, when the API answered. */
  readonly status: number | undefined;
  /** `APIError.errorCode`, when the API sent one. */
  readonly apiErrorCode: string | undefined;
  /** `APIError.errorMessages` (empty when none). */
  readonly apiMessages: readonly string[];
  /** `APIError.uuid`, SwissSign's reference for this failure. */
  readonly errorReference: string | undefined;
  /** True when repeating the same call may succeed. */
  readonly retryable: boolean;
  /** How long the API asked to wait before the next call (`Retry-After`), in ms, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(code: SwissSignErrorCode, reason: string, details: SwissSignErrorDetails) {
    super(code, `Cannot ${details.operation} at SwissSign: ${reason}`, { cause: details.cause });
    this.name = 'SwissSignError';
    this.operation = details.operation;
    this.status = details.status;
    this.apiErrorCode = details.apiErrorCode;
    this.apiMessages = details.apiMessages ?? [];
    this.errorReference = details.errorReference;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The `APIError` body of the RA API, when `body` has its shape. */
export function readApiError(
  body: unknown,
): { errorCode: string; errorMessages: string[]; uuid: string | undefined } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { errorCode, errorMessages, uuid } = body as Record<string, unknown>;
  if (typeof errorCode !== 'string') return undefined;
  const messages = Array.isArray(errorMessages)
    ? errorMessages.filter((m): m is string => typeof m === 'string')
    : [];
  return { errorCode, errorMessages: messages, uuid: typeof uuid === 'string' ? uuid : undefined };
}

/**
 * The wait a `Retry-After` header asks for, in ms: delta-seconds (`120`) or an HTTP date (relative
 * to `nowMs`; a date in the past means 0). Undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Maps an HTTP answer that is not 2xx to a {@link SwissSignError}; `retryAfterMs` is the parsed
 * `Retry-After` of a 429 or 503 (ignored on other statuses, as RFC 9110 defines it for those).
 */
export function errorFromResponse(
  operation: string,
  status: number,
  body: unknown,
  retryAfterMs?: number,
): SwissSignError {
  const api = readApiError(body);
  const what = api ? `${api.errorCode} ${api.errorMessages.join('; ')}`.trim() : 'no APIError body';
  const reason = `HTTP ${status} (${what})`;
  const details: SwissSignErrorDetails = {
    operation,
    status,
    ...((status === 429 || status === 503) && retryAfterMs !== undefined ? { retryAfterMs } : {}),
    retryable: status >= 500 || status === 429 || status === 408,
    ...(api ? { apiErrorCode: api.errorCode, apiMessages: api.errorMessages } : {}),
    ...(api?.uuid ? { errorReference: api.uuid } : {}),
  };
  if (status === 401 || status === 403) return new SwissSignError('SWISSSIGN_AUTH', reason, details);
  if (status === 404) return new SwissSignError('SWISSSIGN_NOT_FOUND', reason, details);
  if (details.retryable) return new SwissSignError('SWISSSIGN_SERVER', reason, details);
  return new SwissSignError('SWISSSIGN_BAD_REQUEST', reason, details);
}
