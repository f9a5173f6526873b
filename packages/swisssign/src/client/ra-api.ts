import type { Secret } from '@usesync/domain';
import createClient from 'openapi-fetch';
import { SwissSignError } from '../errors.js';
import type { paths } from '../generated/api.generated.js';
import type { Transport } from './transport.js';
import type {
  CertificateOrder,
  CertificateOrderStatus,
  IssueRequest,
  RaClient,
  RevocationRequest,
  SearchCertificateOrder,
} from './types.js';

/**
 * The RA REST API v2 endpoints usesync needs, one method each, typed from the OpenAPI file.
 * Every call goes through the {@link Transport} (timeouts, retries, auth, typed errors).
 */
export class RaApi {
  readonly #http: ReturnType<typeof createClient<paths>>;

  constructor(
    baseUrl: string,
    private readonly transport: Transport,
    fetchImpl: typeof fetch,
  ) {
    this.#http = createClient<paths>({ baseUrl, fetch: (request) => fetchImpl(request) });
  }

  /** POST /v2/jwt/{userName}: a JWT for the API key. Safe to retry. */
  jwt(userName: string, apiKey: Secret, signal?: AbortSignal): Promise<string> {
    return this.transport
      .call<string>(
        {
          operation: 'authenticate',
          retry: 'idempotent',
          authenticated: false,
          run: (init) =>
            this.#http.POST('/v2/jwt/{userName}', {
              params: { path: { userName } },
              body: { userSecret: apiKey.reveal() },
              headers: { ...init.headers, 'Content-Type': 'application/x-www-form-urlencoded' },
              parseAs: 'text',
              signal: init.signal,
            }),
        },
        signal,
      )
      .then((token) => {
        if (typeof token !== 'string' || token.trim() === '') {
          throw new SwissSignError('SWISSSIGN_PROTOCOL', 'the JWT answer is empty', {
            operation: 'authenticate',
          });
        }
        return token.trim();
      });
  }

  /** POST /v2/clients: client accounts and their products. */
  searchClients(search: string | undefined, signal?: AbortSignal): Promise<RaClient[]> {
    return this.transport.call(
      {
        operation: 'list clients',
        retry: 'idempotent',
        authenticated: true,
        run: (init) =>
          this.#http.POST('/v2/clients', {
            params: { query: search === undefined ? {} : { search } },
            ...init,
          }),
      },
      signal,
    );
  }

  /** POST /v2/issue: places an order. Tried once: the caller makes a retry safe (tag search). */
  issue(request: IssueRequest, signal?: AbortSignal): Promise<CertificateOrder> {
    return this.transport.call(
      {
        operation: 'place order',
        retry: 'once',
        authenticated: true,
        run: (init) => this.#http.POST('/v2/issue', { body: request, ...init }),
      },
      signal,
    );
  }

  /** POST /v2/validate: dry run of an order. Places nothing, so safe to retry. */
  async validate(request: IssueRequest, signal?: AbortSignal): Promise<void> {
    await this.transport.call(
      {
        operation: 'validate order',
        retry: 'idempotent',
        authenticated: true,
        run: (init) => this.#http.POST('/v2/validate', { body: request, ...init }),
      },
      signal,
    );
  }

  /** POST /v2/order/{ord}/status. */
  status(orderReference: string, signal?: AbortSignal): Promise<CertificateOrderStatus> {
    return this.transport.call(
      {
        operation: `read status of ${orderReference}`,
        retry: 'idempotent',
        authenticated: true,
        run: (init) =>
          this.#http.POST('/v2/order/{orderReference}/status', {
            params: { path: { orderReference } },
            ...init,
          }),
      },
      signal,
    );
  }

  /** POST /v2/order/{ord}. */
  order(orderReference: string, signal?: AbortSignal): Promise<CertificateOrder> {
    return this.transport.call(
      {
        operation: `read order ${orderReference}`,
        retry: 'idempotent',
        authenticated: true,
        run: (init) =>
          this.#http.POST('/v2/order/{orderReference}', { params: { path: { orderReference } }, ...init }),
      },
      signal,
    );
  }

  /** POST /v2/order/{ord}/certificate/chain: base64 DER certificates, leaf first, root last. */
  chain(orderReference: string, signal?: AbortSignal): Promise<string[]> {
    return this.transport.call(
      {
        operation: `read chain of ${orderReference}`,
        retry: 'idempotent',
        authenticated: true,
        run: (init) =>
          this.#http.POST('/v2/order/{orderReference}/certificate/chain', {
            params: { path: { orderReference } },
            ...init,
          }),
      },
      signal,
    );
  }

  /** POST /v2/orders: order search (at most the server's limit, 300 by default). */
  searchOrders(search: SearchCertificateOrder, signal?: AbortSignal): Promise<CertificateOrder[]> {
    return this.transport.call(
      {
        operation: 'search orders',
        retry: 'idempotent',
        authenticated: true,
        run: (init) => this.#http.POST('/v2/orders', { body: search, ...init }),
      },
      signal,
    );
  }

  /**
   * POST /v2/revoke. Tried once here: after an unclear failure the caller checks the order state
   * before trying again (a repeated revocation is refused as already revoked).
   */
  async revoke(requests: RevocationRequest[], signal?: AbortSignal): Promise<void> {
    await this.transport.call(
      {
        operation: 'revoke certificates',
        retry: 'once',
        authenticated: true,
        run: (init) => this.#http.POST('/v2/revoke', { body: requests, ...init }),
      },
      signal,
    );
  }
}
