import { errorFromResponse, parseRetryAfter, SwissSignError } from '../errors.js';
import { type BackoffPolicy, backoffDelay } from '../internal/backoff.js';
import type { TokenBucket } from '../internal/rate-limiter.js';

/** What an openapi-fetch call resolves to. */
export interface FetchResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** Per-request options handed to an openapi-fetch call. */
export interface CallInit {
  readonly signal: AbortSignal;
  readonly headers: Record<string, string>;
}

/** One API call as the transport runs it. */
export interface CallSpec<T> {
  /** Verb phrase for messages: "search orders", "place order". */
  readonly operation: string;
  /** `idempotent`: retried on 5xx, timeouts and dropped connections. `once`: never repeated here. */
  readonly retry: 'idempotent' | 'once';
  /** False only for the JWT call itself. */
  readonly authenticated: boolean;
  readonly run: (init: CallInit) => Promise<FetchResult<T>>;
}

/** Supplies and invalidates bearer tokens. */
export interface TokenProvider {
  token(signal?: AbortSignal): Promise<string>;
  invalidate(): void;
}

/** Settings of {@link Transport}. */
export interface TransportOptions {
  readonly timeoutMs: number;
  /** Total tries of an idempotent call (1 = no retry). */
  readonly attempts: number;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly limiter: TokenBucket | undefined;
  /** The longest `Retry-After` wait honoured; a longer one ends the retries at once. */
  readonly maxRetryAfterMs: number;
  /** Wall clock in ms, for `Retry-After` dates. */
  readonly now: () => number;
}

/**
 * Runs API calls with the cross-cutting rules: rate limit, a timeout on every try, bearer
 * token, one re-authentication on 401, typed errors, and jittered retries of what is safe.
 */
export class Transport {
  tokens: TokenProvider | undefined;

  constructor(private readonly options: TransportOptions) {}

  /** Runs `spec`, returning its data (undefined for 204) or throwing a {@link SwissSignError}. */
  async call<T>(spec: CallSpec<T>, signal?: AbortSignal): Promise<T> {
    const maxTries = spec.retry === 'idempotent' ? Math.max(1, this.options.attempts) : 1;
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      let failure: SwissSignError;
      try {
        return await this.#try(spec, signal);
      } catch (error) {
        if (!(error instanceof SwissSignError)) throw error;
        failure = error;
      }
      if (failure.code === 'SWISSSIGN_AUTH' && failure.status === 401 && spec.authenticated) {
        // An expired or revoked token: fetch a fresh one once, then give up.
        if (reauthenticated) throw failure;
        reauthenticated = true;
        this.tokens?.invalidate();
        attempt--;
        continue;
      }
      if (!failure.retryable || attempt + 1 >= maxTries) throw failure;
      await this.wait(this.retryDelay(failure, attempt), spec.operation, signal);
    }
  }

  /**
   * The wait before retry number `attempt` (0-based) after `failure`: the API's `Retry-After` when
   * it sent one (429/503), else the jittered backoff. A `Retry-After` beyond `maxRetryAfterMs`
   * throws `failure` (with the wait named): waiting less than asked would only be refused again.
   */
  retryDelay(failure: SwissSignError, attempt: number): number {
    const asked = failure.retryAfterMs;
    if (asked === undefined) return backoffDelay(attempt, this.options.backoff, this.options.random);
    if (asked > this.options.maxRetryAfterMs) {
      throw new SwissSignError(
        failure.code,
        `HTTP ${failure.status} with Retry-After ${Math.ceil(asked / 1000)} s, more than the ${Math.ceil(
          this.options.maxRetryAfterMs / 1000,
        )} s this client waits`,
        {
          operation: failure.operation,
          retryable: true,
          retryAfterMs: asked,
          ...(failure.status !== undefined ? { status: failure.status } : {}),
          ...(failure.apiErrorCode !== undefined ? { apiErrorCode: failure.apiErrorCode } : {}),
          apiMessages: failure.apiMessages,
          ...(failure.errorReference !== undefined ? { errorReference: failure.errorReference } : {}),
          cause: failure,
        },
      );
    }
    return asked;
  }

  /** Waits `ms`, mapping an abort of `signal` to SWISSSIGN_ABORTED. */
  async wait(ms: number, operation: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.options.sleep(ms, signal);
    } catch (error) {
      throw aborted(operation, error);
    }
  }

  async #try<T>(spec: CallSpec<T>, signal?: AbortSignal): Promise<T> {
    const { operation } = spec;
    try {
      await this.options.limiter?.take(signal);
    } catch (error) {
      throw aborted(operation, error);
    }
    const headers: Record<string, string> = {};
    if (spec.authenticated) {
      if (!this.tokens) throw new SwissSignError('SWISSSIGN_AUTH', 'no token provider', { operation });
      headers.Authorization = `Bearer ${await this.tokens.token(signal)}`;
    }
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let result: FetchResult<T>;
    try {
      result = await spec.run({ signal: combined, headers });
    } catch (error) {
      if (signal?.aborted) throw aborted(operation, error);
      if (timeout.aborted) {
        throw new SwissSignError('SWISSSIGN_TIMEOUT', `no answer within ${this.options.timeoutMs} ms`, {
          operation,
          retryable: true,
          cause: error,
        });
      }
      if (error instanceof SyntaxError) {
        throw new SwissSignError('SWISSSIGN_PROTOCOL', 'the answer is not valid JSON', {
          operation,
          cause: error,
        });
      }
      throw new SwissSignError('SWISSSIGN_NETWORK', `connection failed (${describe(error)})`, {
        operation,
        retryable: true,
        cause: error,
      });
    }
    if (!result.response.ok) {
      const retryAfter = parseRetryAfter(result.response.headers.get('retry-after'), this.options.now());
      throw errorFromResponse(operation, result.response.status, result.error, retryAfter);
    }
    return result.data as T;
  }
}

function aborted(operation: string, cause: unknown): SwissSignError {
  if (cause instanceof SwissSignError) return cause;
  return new SwissSignError('SWISSSIGN_ABORTED', 'the caller aborted', { operation, cause });
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? code : cause.message;
  }
  return String(cause);
}
