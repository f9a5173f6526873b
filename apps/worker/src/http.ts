import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkerMetrics } from './metrics.js';

/** Something that makes the worker degraded although it runs (see {@link HealthSource.problems}). */
export interface ReadinessProblem {
  /** `mail`: mail pending over the threshold; `poll`: a tenant's polls keep failing. */
  readonly check: 'mail' | 'poll';
  /** One line for people (no secrets). */
  readonly message: string;
  /** The tenant, for `poll`. */
  readonly tenant?: string;
}

/** What the health endpoints report. */
export interface HealthSource {
  /** True once the worker has started (store open, CA ready) and is not shutting down. */
  ready(): boolean;
  /** Details for `/readyz` (tenants, last poll). */
  status(): Record<string, unknown>;
  /** What makes a running worker degraded (default: nothing); any problem turns `/readyz` 503. */
  problems?(): readonly ReadinessProblem[];
}

/**
 * The HTTP endpoint: `/healthz` (alive), `/readyz` (200 `state: ok` when taking files and nothing
 * is wrong; 503 `state: degraded` with the `problems` — mail pending too long, polls failing — or
 * `state: unavailable` while starting or stopping), `/metrics` (Prometheus).
 */
export async function startHttp(
  host: string,
  port: number,
  metrics: WorkerMetrics,
  health: HealthSource,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (code: number, type: string, body: string) => {
      res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz') return send(200, 'text/plain', 'ok\n');
    if (path === '/readyz') {
      const up = health.ready();
      const problems = up ? (health.problems?.() ?? []) : [];
      const state = !up ? 'unavailable' : problems.length > 0 ? 'degraded' : 'ok';
      return send(
        state === 'ok' ? 200 : 503,
        'application/json',
        `${JSON.stringify({ ready: state === 'ok', state, problems, ...health.status() })}\n`,
      );
    }
    if (path === '/metrics') {
      metrics.text().then(
        (body) => send(200, metrics.contentType, body),
        () => send(500, 'text/plain', 'metrics unavailable\n'),
      );
      return;
    }
    send(404, 'text/plain', 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
