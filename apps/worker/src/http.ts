import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkerMetrics } from './metrics.js';

/** What the health endpoints report. */
export interface HealthSource {
  /** True once the worker has started (store open, CA ready) and is not shutting down. */
  ready(): boolean;
  /** Details for `/readyz` (tenants, last poll). */
  status(): Record<string, unknown>;
}

/** The HTTP endpoint: `/healthz` (alive), `/readyz` (taking files), `/metrics` (Prometheus). */
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
      const ok = health.ready();
      return send(
        ok ? 200 : 503,
        'application/json',
        `${JSON.stringify({ ready: ok, ...health.status() })}\n`,
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
