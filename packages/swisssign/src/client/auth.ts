/** Options of {@link JwtCache}. */
export interface JwtCacheOptions {
  /** Fetches a new JWT (POST /v2/jwt/{userName}). */
  readonly fetchToken: (signal?: AbortSignal) => Promise<string>;
  /** Wall clock in ms since the epoch (JWT `exp` is wall-clock time). */
  readonly now: () => number;
  /** Refresh this long before the token's expiry. */
  readonly refreshMarginMs: number;
  /** Lifetime assumed when a token carries no readable `exp` (SwissSign issues 8 h tokens). */
  readonly assumedLifetimeMs: number;
}

/**
 * Caches the bearer JWT, refreshing it `refreshMarginMs` (at most half its lifetime) before it
 * expires. Concurrent callers
 * share one in-flight refresh. The token is held only in memory and never logged.
 */
export class JwtCache {
  #token: string | undefined;
  #refreshAt = 0;
  #pending: Promise<string> | undefined;

  constructor(private readonly options: JwtCacheOptions) {}

  /** A token valid for at least the refresh margin. */
  token(signal?: AbortSignal): Promise<string> {
    if (this.#token !== undefined && this.options.now() < this.#refreshAt) {
      return Promise.resolve(this.#token);
    }
    this.#pending ??= this.#refresh(signal).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets the token (after a 401), so the next call authenticates again. */
  invalidate(): void {
    this.#token = undefined;
    this.#refreshAt = 0;
  }

  async #refresh(signal?: AbortSignal): Promise<string> {
    const issuedAt = this.options.now();
    const token = await this.options.fetchToken(signal);
    const expiresAt = jwtExpiry(token) ?? issuedAt + this.options.assumedLifetimeMs;
    // A short-lived token (tests, or a server with a short TTL) is refreshed at half its life.
    const margin = Math.min(this.options.refreshMarginMs, Math.max(0, expiresAt - issuedAt) / 2);
    this.#token = token;
    this.#refreshAt = expiresAt - margin;
    return token;
  }
}

/** The `exp` claim of a JWT in ms since the epoch, or undefined when unreadable. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
