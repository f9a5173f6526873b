import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IssueRequest, RevocationRequest, SearchCertificateOrder } from '../client/types.js';
import { sleep } from '../internal/backoff.js';
import { apiError, type Reply, type SimEngine } from './engine.js';
import { type JwtIssuer, sameSecret } from './jwt.js';
import type { RequestValidator } from './schema.js';

/** Request counters, for tests and the demo. */
export interface SimStats {
  /** Requests received, including those hit by faults. */
  requests: number;
  /** Requests per route, e.g. `POST /v2/issue`. */
  readonly byRoute: Record<string, number>;
  jwtIssued: number;
  unauthorized: number;
  faultsHit: number;
}

/** What the request handler needs. */
export interface HandlerContext {
  readonly engine: SimEngine;
  readonly validator: RequestValidator;
  readonly jwt: JwtIssuer;
  readonly stats: SimStats;
  readonly now: () => Date;
}

type Route = {
  readonly name: string;
  readonly template: string;
  readonly param?: string;
  readonly auth: boolean;
};

const ROUTES: ReadonlyArray<[RegExp, Omit<Route, 'param'>]> = [
  [/^\/v2\/jwt\/([^/]+)$/, { name: 'jwt', template: '/v2/jwt/{userName}', auth: false }],
  [/^\/v2\/clients$/, { name: 'clients', template: '/v2/clients', auth: true }],
  [
    /^\/v2\/issue\/csr\/([^/]+)$/,
    { name: 'issue-csr', template: '/v2/issue/csr/{productReference}', auth: true },
  ],
  [/^\/v2\/issue$/, { name: 'issue', template: '/v2/issue', auth: true }],
  [/^\/v2\/validate$/, { name: 'validate', template: '/v2/validate', auth: true }],
  [
    /^\/v2\/order\/([^/]+)\/status$/,
    { name: 'status', template: '/v2/order/{orderReference}/status', auth: true },
  ],
  [
    /^\/v2\/order\/([^/]+)\/certificate\/chain$/,
    { name: 'chain', template: '/v2/order/{orderReference}/certificate/chain', auth: true },
  ],
  [/^\/v2\/order\/([^/]+)$/, { name: 'order', template: '/v2/order/{orderReference}', auth: true }],
  [/^\/v2\/orders$/, { name: 'orders', template: '/v2/orders', auth: true }],
  [/^\/v2\/revoke$/, { name: 'revoke', template: '/v2/revoke', auth: true }],
];
const ORDER_REF = /^ord-[0-9a-f-]{36}$/;
const PRODUCT_REF = /^pma-[0-9a-f-]{36}$/;
const MAX_BODY = 2 * 1024 * 1024;

/** The node:http request listener of the simulator. */
export function createRequestListener(
  ctx: HandlerContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(ctx, req, res).catch(() => {
      if (!res.headersSent) write(res, apiError(500, '500.000.0001', ['Internal simulator error']));
      else res.destroy();
    });
  };
}

async function handle(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { stats, engine } = ctx;
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  stats.requests += 1;
  stats.byRoute[`${req.method} ${path.replace(/ord-[0-9a-f-]{36}/, '{ord}')}`] =
    (stats.byRoute[`${req.method} ${path.replace(/ord-[0-9a-f-]{36}/, '{ord}')}`] ?? 0) + 1;
  const body = await readBody(req);

  const before = engine.faults.take(path, ['drop', 'slow', 'http-5xx', 'throttle'], 'before');
  if (before) {
    stats.faultsHit += 1;
    if (before.kind === 'drop') return void req.socket.destroy();
    if (before.kind === 'throttle') {
      const status = before.status ?? 429;
      const reply = apiError(status, `${status}.000.0001`, [
        status === 429 ? 'Too many requests' : 'Service unavailable',
      ]);
      return write(res, { ...reply, headers: { 'Retry-After': before.retryAfter ?? '1' } } as Reply);
    }
    if (before.kind === 'http-5xx')
      return write(res, apiError(before.status ?? 503, '503.000.0001', ['Service unavailable']));
    await sleep(before.delayMs ?? 2000);
  }

  let reply: Reply;
  if (req.method === 'GET' && path === '/sim/ca.pem') {
    reply = {
      status: 200,
      bytes: Buffer.from(engine.ca.caCertificatesPem),
      contentType: 'application/x-pem-file',
    };
  } else if (req.method === 'GET' && path === '/sim/crl') {
    reply = await engine.crl();
  } else if (req.method === 'GET' && path === '/sim/health') {
    reply = { status: 200, json: { ok: true } };
  } else {
    reply = await api(ctx, req, path, url, body);
  }

  const after = engine.faults.take(path, ['drop', 'http-5xx'], 'after');
  if (after) {
    stats.faultsHit += 1;
    if (after.kind === 'drop') return void req.socket.destroy();
    reply = apiError(after.status ?? 503, '503.000.0001', ['Service unavailable']);
  }
  write(res, reply);
}

async function api(
  ctx: HandlerContext,
  req: IncomingMessage,
  path: string,
  url: URL,
  body: string,
): Promise<Reply> {
  const { engine, stats } = ctx;
  const found = ROUTES.map(([re, r]) => ({ m: re.exec(path), r })).find((x) => x.m);
  if (!found?.m) return apiError(404, '404.000.0001', [`No such resource ${path}`]);
  const route: Route = { ...found.r, param: decodeURIComponent(found.m[1] ?? '') };
  if (req.method !== 'POST')
    return apiError(405, '405.000.0001', [`${req.method} is not allowed on ${path}`]);

  if (route.auth) {
    const refusal = authenticate(ctx, req, path);
    if (refusal) {
      stats.unauthorized += 1;
      return refusal;
    }
  }
  if (route.name === 'jwt') return jwt(ctx, route.param ?? '', body);

  const ref = route.param ?? '';
  if (['status', 'chain', 'order'].includes(route.name) && !ORDER_REF.test(ref)) {
    return apiError(400, '400.000.0002', [`Invalid order reference ${ref}`]);
  }
  if (route.name === 'issue-csr' && !PRODUCT_REF.test(ref)) {
    return apiError(400, '400.000.0002', [`Invalid product reference ${ref}`]);
  }

  let json: unknown;
  if (['issue', 'validate', 'orders', 'revoke'].includes(route.name)) {
    try {
      json = JSON.parse(body);
    } catch {
      return apiError(400, '400.000.0003', ['The request body is not JSON']);
    }
    const problems = ctx.validator.check(route.template, 'application/json', json);
    if (problems.length > 0) return apiError(400, '400.000.0004', problems);
  }
  switch (route.name) {
    case 'clients':
      return engine.clients(url.searchParams.get('search') ?? undefined);
    case 'issue':
      return engine.issue(json as IssueRequest);
    case 'issue-csr':
      if (body.trim() === '') return apiError(400, '400.000.0004', ['(body) must be a CSR']);
      return engine.issue({ productReference: ref, csr: body });
    case 'validate':
      return engine.validate(json as IssueRequest);
    case 'status':
      return engine.status(ref);
    case 'order':
      return engine.order(ref);
    case 'chain':
      return engine.chain(ref);
    case 'orders':
      return engine.search(json as SearchCertificateOrder);
    default:
      return engine.revoke(json as RevocationRequest[]);
  }
}

function authenticate(ctx: HandlerContext, req: IncomingMessage, path: string): Reply | undefined {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer (\S+)$/i.exec(header)?.[1];
  if (!token) return apiError(401, '401.000.0001', ['Missing bearer token']);
  const check = ctx.jwt.check(token, ctx.now());
  if (check === 'invalid') return apiError(401, '401.000.0002', ['Invalid bearer token']);
  if (check === 'expired' || ctx.engine.faults.take(path, ['expired-jwt'], 'before')) {
    if (check !== 'expired') ctx.stats.faultsHit += 1;
    return apiError(401, '401.000.0003', ['JWT expired']);
  }
  return undefined;
}

function jwt(ctx: HandlerContext, userName: string, body: string): Reply {
  const secret = new URLSearchParams(body).get('userSecret') ?? '';
  const { account, apiKey } = ctx.engine.state;
  if (secret === '') return apiError(400, '400.000.0005', ['userSecret is required']);
  if (userName !== account || !sameSecret(secret, apiKey)) {
    ctx.stats.unauthorized += 1;
    return apiError(401, '401.000.0004', ['Invalid user name or API key']);
  }
  ctx.stats.jwtIssued += 1;
  return { status: 200, text: ctx.jwt.issue(account, ctx.now()) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  if ('json' in reply) {
    const text = JSON.stringify(reply.json);
    res.writeHead(reply.status, {
      ...reply.headers,
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  } else if ('text' in reply) {
    res.writeHead(reply.status, {
      'Content-Type': 'text/plain',
      'Content-Length': Buffer.byteLength(reply.text),
    });
    res.end(reply.text);
  } else if ('bytes' in reply) {
    res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': reply.bytes.length });
    res.end(reply.bytes);
  } else {
    res.writeHead(reply.status);
    res.end();
  }
}
