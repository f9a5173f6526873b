import type { Secret } from '@usesync/domain';
import { SwissSignError } from '../errors.js';
import { type BackoffPolicy, sleep } from '../internal/backoff.js';
import { TokenBucket } from '../internal/rate-limiter.js';
import { JwtCache } from './auth.js';
import { buildIssueRequest, IDEMPOTENCY_TAG_PREFIX, idempotencyTag } from './issue-request.js';
import { PreflightCache, type PreflightInput, type PreflightResult } from './preflight.js';
import {
  type AvailableProduct,
  checkProduct,
  describeProductCheck,
  type ProductCheck,
  productsOf,
} from './products.js';
import { RaApi } from './ra-api.js';
import { Transport } from './transport.js';
import type {
  CertificateOrder,
  IssueInput,
  IssueOutcome,
  ProductKind,
  RaClient,
  ResolvedProduct,
  RevokeInput,
  SearchCertificateOrder,
} from './types.js';
import { waitForOrder } from './wait.js';

/** Configuration of {@link SwissSignClient}. There is deliberately no default base URL. */
export interface SwissSignClientConfig {
  /** API root, e.g. the simulator's `http://127.0.0.1:8443`. */
  readonly baseUrl: string;
  /** RA operator login name (the `{userName}` of /v2/jwt). */
  readonly userName: string;
  /** API key; sent only to /v2/jwt, never logged. */
  readonly apiKey: Secret;
  /** Product name (as listed by /v2/clients) or `pma-…` reference per kind. */
  readonly products: Readonly<Partial<Record<ProductKind, string>>>;
  /** Narrow /v2/clients to matching client names (wildcards `?`, `*`). */
  readonly clientSearch?: string;
  /** Timeout of every single HTTP call (default 30 s). */
  readonly timeoutMs?: number;
  /**
   * Retries of safe calls (default 4 tries, 250 ms … 8 s). A 429 or 503 with `Retry-After` waits
   * what the API asks instead, up to `maxRetryAfterMs` (default 60 s); a longer wait asked for
   * ends the call with its error (`retryAfterMs` set) instead of waiting.
   */
  readonly retry?: {
    readonly attempts?: number;
    readonly initialDelayMs?: number;
    readonly maxDelayMs?: number;
    readonly maxRetryAfterMs?: number;
  };
  /** Status polling (default 1 s … 60 s between polls, give up waiting after 5 min). */
  readonly poll?: {
    readonly initialDelayMs?: number;
    readonly maxDelayMs?: number;
    readonly maxWaitMs?: number;
  };
  /** Client-side rate limit (default 5 calls/s, bursts of 10); `false` to disable. */
  readonly rateLimit?: { readonly ratePerSecond: number; readonly burst: number } | false;
  /** Refresh the JWT this long before it expires (default 5 min). */
  readonly tokenRefreshMarginMs?: number;
  /** Prefix of the order tag carrying the idempotency key (default `usesync-idempotency:`). */
  readonly idempotencyTagPrefix?: string;
  /** Injected for tests: fetch, randomness, wall clock (ms), sleeping. */
  readonly fetch?: typeof fetch;
  readonly random?: () => number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Options of waiting for an order. */
export interface WaitOptions extends CallOptions {
  /** Stop waiting (and return `pending`) after this long; overrides `poll.maxWaitMs`. */
  readonly maxWaitMs?: number;
}

/** Outcome of a dry run. */
export type ValidationResult =
  | { readonly valid: true }
  | {
      readonly valid: false;
      readonly apiErrorCode: string | undefined;
      readonly messages: readonly string[];
    };

/**
 * Client of the SwissSign RA REST API v2 for S/MIME certificates: authentication, product
 * resolution, exactly-once ordering, bounded waiting, chain retrieval, dry runs and revocation.
 */
export class SwissSignClient {
  readonly #config: SwissSignClientConfig;
  readonly #api: RaApi;
  readonly #transport: Transport;
  readonly #retry: BackoffPolicy & { attempts: number };
  readonly #products = new Map<ProductKind, Promise<ResolvedProduct>>();
  #productList: Promise<AvailableProduct[]> | undefined;
  readonly #preflights = new PreflightCache();

  constructor(config: SwissSignClientConfig) {
    let url: URL;
    try {
      url = new URL(config.baseUrl);
    } catch (cause) {
      throw new SwissSignError('SWISSSIGN_INVALID_INPUT', 'baseUrl is not a URL', {
        operation: 'configure client',
        cause,
      });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new SwissSignError('SWISSSIGN_INVALID_INPUT', 'baseUrl must be http(s)', {
        operation: 'configure client',
      });
    }
    this.#config = config;
    this.#retry = {
      attempts: config.retry?.attempts ?? 4,
      initialDelayMs: config.retry?.initialDelayMs ?? 250,
      maxDelayMs: config.retry?.maxDelayMs ?? 8_000,
    };
    const now = config.now ?? Date.now;
    const limit = config.rateLimit ?? { ratePerSecond: 5, burst: 10 };
    this.#transport = new Transport({
      timeoutMs: config.timeoutMs ?? 30_000,
      attempts: this.#retry.attempts,
      backoff: this.#retry,
      random: config.random ?? Math.random,
      sleep: config.sleep ?? sleep,
      maxRetryAfterMs: config.retry?.maxRetryAfterMs ?? 60_000,
      now,
      limiter:
        limit === false
          ? undefined
          : new TokenBucket({ ...limit, ...(config.sleep ? { sleep: config.sleep } : {}) }),
    });
    this.#api = new RaApi(config.baseUrl, this.#transport, config.fetch ?? globalThis.fetch);
    this.#transport.tokens = new JwtCache({
      fetchToken: (signal) => this.#api.jwt(config.userName, config.apiKey, signal),
      now,
      refreshMarginMs: config.tokenRefreshMarginMs ?? 300_000,
      assumedLifetimeMs: 8 * 3600_000,
    });
  }

  /** Client accounts visible to the operator, with their products (POST /v2/clients). */
  listClients(options: CallOptions = {}): Promise<RaClient[]> {
    return this.#api.searchClients(this.#config.clientSearch, options.signal);
  }

  /**
   * Every product the operator can order (POST /v2/clients, flattened), fetched once and cached;
   * `refresh: true` fetches again. A failed fetch is not cached.
   */
  listProducts(options: CallOptions & { readonly refresh?: boolean } = {}): Promise<AvailableProduct[]> {
    if (options.refresh) this.#productList = undefined;
    if (!this.#productList) {
      const pending = this.#api.searchClients(this.#config.clientSearch, options.signal).then(productsOf);
      pending.catch(() => {
        if (this.#productList === pending) this.#productList = undefined;
      });
      this.#productList = pending;
    }
    return this.#productList;
  }

  /**
   * Whether the CA offers a product named `wanted` (or with that `pma-…` reference); when not,
   * the names it does offer and a "did you mean" suggestion. For the plan, before anything is ordered.
   */
  async checkProductName(wanted: string, options: CallOptions = {}): Promise<ProductCheck> {
    return checkProduct(wanted, await this.listProducts(options));
  }

  /** {@link SwissSignClient.checkProductName} for each configured product (`products` option). */
  async checkConfiguredProducts(
    options: CallOptions = {},
  ): Promise<Partial<Record<ProductKind, ProductCheck>>> {
    const out: Partial<Record<ProductKind, ProductCheck>> = {};
    for (const kind of ['personal', 'team'] as const) {
      const wanted = this.#config.products[kind];
      if (wanted !== undefined) out[kind] = await this.checkProductName(wanted, options);
    }
    return out;
  }

  /**
   * Pre-flight of an order (POST /v2/validate, nothing is placed): would the CA accept an order of
   * this kind's product with this subject — names, and O/OU/C/L/ST from `subjectDefaults`? The
   * answer is cached per product and subject shape (`subjectShape`: which attributes are
   * present, not their values), so a plan of many lines asks once per shape. Without a `csr` a
   * throwaway request with a key of the product's `keyType` is sent. Network and server failures
   * throw (and are not cached); a refusal is data.
   */
  async preflight(input: PreflightInput, options: CallOptions = {}): Promise<PreflightResult> {
    const wanted = this.#config.products[input.kind];
    const check = wanted === undefined ? undefined : await this.checkProductName(wanted, options);
    return this.#preflights.check(
      input,
      check,
      (request) => this.#api.validate(request, options.signal),
      this.#tagPrefix(),
    );
  }

  /** Forgets the cached product list, resolved products and pre-flight answers. */
  clearCaches(): void {
    this.#productList = undefined;
    this.#products.clear();
    this.#preflights.clear();
  }

  /** The product configured for `kind`, resolved via /v2/clients once and cached. */
  resolveProduct(kind: ProductKind, options: CallOptions = {}): Promise<ResolvedProduct> {
    let pending = this.#products.get(kind);
    if (!pending) {
      pending = this.#resolve(kind, options.signal);
      pending.catch(() => this.#products.delete(kind));
      this.#products.set(kind, pending);
    }
    return pending;
  }

  /** Dry run (POST /v2/validate): would SwissSign accept this order? Places nothing. */
  async validate(input: IssueInput, options: CallOptions = {}): Promise<ValidationResult> {
    const product = await this.resolveProduct(input.kind, options);
    try {
      await this.#api.validate(this.#request(input, product.reference), options.signal);
      return { valid: true };
    } catch (error) {
      if (error instanceof SwissSignError && error.code === 'SWISSSIGN_BAD_REQUEST') {
        return { valid: false, apiErrorCode: error.apiErrorCode, messages: error.apiMessages };
      }
      throw error;
    }
  }

  /**
   * Places the order for `input` exactly once per idempotency key: an order already carrying the
   * key's tag is reused (`reused: true`); after an unclear failure of the POST the tag search runs
   * again before any new attempt, so a lost answer never turns into a second, billed order.
   */
  async placeOrder(
    input: IssueInput,
    options: CallOptions = {},
  ): Promise<{ order: CertificateOrder; reused: boolean }> {
    const product = await this.resolveProduct(input.kind, options);
    const request = this.#request(input, product.reference);
    const tag = idempotencyTag(input.idempotencyKey, this.#tagPrefix());
    for (let attempt = 0; ; attempt++) {
      const existing = await this.findOrderByTag(tag, options);
      if (existing) return { order: existing, reused: attempt === 0 };
      try {
        return { order: await this.#api.issue(request, options.signal), reused: false };
      } catch (error) {
        const unclear = error instanceof SwissSignError && error.retryable;
        if (!unclear || attempt + 1 >= this.#retry.attempts) throw error;
        await this.#transport.wait(this.#transport.retryDelay(error, attempt), 'place order', options.signal);
      }
    }
  }

  /** Places (or reuses) the order and waits for it within the wait budget. */
  async issue(input: IssueInput, options: WaitOptions = {}): Promise<IssueOutcome> {
    const { order, reused } = await this.placeOrder(input, options);
    return this.waitForOrder(order.uuid, { ...options, reused });
  }

  /**
   * Polls the order's status with jittered exponential backoff until ISSUED, FAILED, REJECTED or
   * the wait budget runs out (→ `pending`: call again later to resume).
   */
  waitForOrder(
    orderReference: string,
    options: WaitOptions & { reused?: boolean } = {},
  ): Promise<IssueOutcome> {
    const poll = this.#config.poll;
    return waitForOrder(this.#api, this.#transport, orderReference, {
      policy: { initialDelayMs: poll?.initialDelayMs ?? 1_000, maxDelayMs: poll?.maxDelayMs ?? 60_000 },
      maxWaitMs: options.maxWaitMs ?? poll?.maxWaitMs ?? 300_000,
      random: this.#random(),
      now: () => performance.now(),
      reused: options.reused ?? false,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** The order by reference (POST /v2/order/{ord}). */
  getOrder(orderReference: string, options: CallOptions = {}): Promise<CertificateOrder> {
    return this.#api.order(orderReference, options.signal);
  }

  /** The chain of an issued order as base64 DER, leaf first, root last. */
  getChain(orderReference: string, options: CallOptions = {}): Promise<string[]> {
    return this.#api.chain(orderReference, options.signal);
  }

  /** Order search (POST /v2/orders). */
  searchOrders(search: SearchCertificateOrder, options: CallOptions = {}): Promise<CertificateOrder[]> {
    return this.#api.searchOrders(search, options.signal);
  }

  /** The order carrying `tag`, oldest first if several, or undefined. */
  async findOrderByTag(tag: string, options: CallOptions = {}): Promise<CertificateOrder | undefined> {
    const found = await this.#api.searchOrders({ tags: [tag] }, options.signal);
    return found
      .filter((o) => o.tags?.includes(tag))
      .sort((a, b) => a.createdOn.localeCompare(b.createdOn))[0];
  }

  /** The order placed for `idempotencyKey`, if any. */
  findOrderByIdempotencyKey(
    idempotencyKey: string,
    options: CallOptions = {},
  ): Promise<CertificateOrder | undefined> {
    return this.findOrderByTag(idempotencyTag(idempotencyKey, this.#tagPrefix()), options);
  }

  /**
   * Revokes certificates (POST /v2/revoke). After an unclear failure it checks whether the
   * certificates are revoked already before trying again, so a lost answer is not an error.
   */
  async revoke(inputs: RevokeInput | readonly RevokeInput[], options: CallOptions = {}): Promise<void> {
    const list = (Array.isArray(inputs) ? inputs : [inputs]) as readonly RevokeInput[];
    const requests = list.map((r) => ({
      serialNumber: normalizeSerial(r.serialNumber),
      issuerName: r.issuerName,
      revocationReason: r.reason,
      ...(r.requestor !== undefined ? { revocationRequestor: r.requestor } : {}),
    }));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#api.revoke(requests, options.signal);
        return;
      } catch (error) {
        const unclear = error instanceof SwissSignError && error.retryable;
        if (!unclear || attempt + 1 >= this.#retry.attempts) throw error;
        await this.#transport.wait(this.#transport.retryDelay(error, attempt), 'revoke', options.signal);
        if (
          await this.#allRevoked(
            requests.map((r) => r.serialNumber),
            options,
          )
        )
          return;
      }
    }
  }

  async #allRevoked(serials: readonly string[], options: CallOptions): Promise<boolean> {
    for (const serialNumber of serials) {
      const orders = await this.#api.searchOrders({ serialNumber }, options.signal);
      if (!orders.some((o) => o.status === 'REVOKED' || o.certificate?.revocationStatus)) return false;
    }
    return true;
  }

  async #resolve(kind: ProductKind, signal?: AbortSignal): Promise<ResolvedProduct> {
    const wanted = this.#config.products[kind];
    const operation = `resolve the ${kind} product`;
    if (!wanted) {
      throw new SwissSignError('SWISSSIGN_INVALID_INPUT', `no product is configured for "${kind}"`, {
        operation,
      });
    }
    const check = checkProduct(wanted, await this.listProducts(signal ? { signal } : {}));
    if (!check.ok) {
      throw new SwissSignError('SWISSSIGN_INVALID_INPUT', describeProductCheck(check), { operation });
    }
    const hit = check.product;
    return { kind, reference: hit.reference, name: hit.name, clientReference: hit.clientReference };
  }

  #request(input: IssueInput, productReference: string): ReturnType<typeof buildIssueRequest> {
    return buildIssueRequest(input, productReference, this.#tagPrefix());
  }

  #tagPrefix(): string {
    return this.#config.idempotencyTagPrefix ?? IDEMPOTENCY_TAG_PREFIX;
  }

  #random(): () => number {
    return this.#config.random ?? Math.random;
  }
}

/** Upper-case hex without separators, as the RA API writes serial numbers. */
export function normalizeSerial(serial: string): string {
  return serial.replace(/[:\s]/g, '').toUpperCase();
}
