// /readyz degraded while polls keep failing or mail waits too long, and back to ok once the share
// or the SMTP server recovers, without a restart. A real SMTP server (smtp-server) on loopback.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeliveryError, MailSpool } from '@usesync/mailer';
import { afterEach, describe, expect, test } from 'vitest';
import { freePort, startPeer } from '../../../packages/mailer/test/smtp-peer.js';
import { Worker } from '../src/index.js';
import { makeDataDir, memoryLogger, workerConfig } from './helpers.js';

const T0 = Date.parse('2026-03-02T08:00:00Z');

async function readyz(w: Worker): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`http://127.0.0.1:${w.httpPort}/readyz`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

async function metric(w: Worker, line: string): Promise<string | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${w.httpPort}/metrics`)).text();
  return text.split('\n').find((l) => l.startsWith(line));
}

describe('readiness of a running worker', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  test('/readyz turns degraded after readiness.maxFailedPolls failed polls in a row and ok after a good poll', async () => {
    const { dataDir, cleanup } = await makeDataDir();
    cleanups.push(cleanup);
    const { logger } = memoryLogger();
    const w = await Worker.start({
      config: workerConfig(dataDir, { readiness: { maxFailedPolls: 2 } }),
      logger,
      autoPoll: false,
    });
    cleanups.push(() => w.stop(0));
    // The share's use folder becomes a regular file: every listing fails.
    const use = join(dataDir, 'share', 'use');
    rmSync(use, { recursive: true, force: true });
    writeFileSync(use, 'not a folder');

    await w.pollOnce();
    expect((await readyz(w)).status).toBe(200);
    await w.pollOnce();
    const degraded = await readyz(w);
    expect(degraded.status).toBe(503);
    expect(degraded.body).toMatchObject({ ready: false, state: 'degraded' });
    const problems = degraded.body.problems as { check: string; tenant: string; message: string }[];
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ check: 'poll', tenant: '12345TE' });
    expect(problems[0]?.message).toContain('2 polls of tenant 12345TE failed in a row');
    expect(await metric(w, 'usesync_poll_consecutive_failures{tenant="12345TE"}')).toMatch(/ 2$/);

    rmSync(use);
    mkdirSync(use);
    await w.pollOnce();
    const ok = await readyz(w);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ready: true, state: 'ok', problems: [] });
    expect(await metric(w, 'usesync_poll_consecutive_failures{tenant="12345TE"}')).toMatch(/ 0$/);
  });

  test('mail pending over the threshold makes /readyz degraded; once the SMTP server is back the spool is delivered without a restart', async () => {
    const { dataDir, cleanup } = await makeDataDir();
    cleanups.push(cleanup);
    const port = await freePort();
    // A report left pending by an earlier outage (spooled at T0).
    const down = {
      name: 'down',
      deliver: async () => {
        throw new DeliveryError('transient', 'Cannot deliver mail: the server is down');
      },
      close: async () => {},
    };
    await new MailSpool({ dir: join(dataDir, 'mail-spool'), transport: down, now: () => new Date(T0) }).send({
      kind: 'sync-report',
      from: 'usesync@localhost',
      to: ['it-admin@company.com'],
      bcc: [],
      subject: 'Sync report',
      text: 'report',
      attachments: [],
    });

    let now = T0 + 30_000;
    const { logger, lines } = memoryLogger();
    const w = await Worker.start({
      config: workerConfig(dataDir, { smtp: { host: '127.0.0.1', port, requireTLS: false } }),
      logger,
      autoPoll: false,
      clock: () => new Date(now),
      readiness: { maxMailPendingSeconds: 60 },
      // Rounds are run by the test (runNow); the backoff would wait an hour.
      mailRetry: { initialDelaySeconds: 3600, intervalSeconds: 3600 },
    });
    cleanups.push(() => w.stop(0));
    const retrier = w.mailRetrier;
    if (!retrier) throw new Error('no spool retrier');

    const first = await retrier.runNow();
    expect(first.stats.count).toBe(1);
    expect(lines.some((l) => l.includes('"msg":"mail kept in the spool"'))).toBe(true);
    expect((await readyz(w)).status).toBe(200); // pending for 30 s, under the 60 s threshold

    now = T0 + 120_000;
    const degraded = await readyz(w);
    expect(degraded.status).toBe(503);
    const problems = degraded.body.problems as { check: string; message: string }[];
    expect(problems.map((p) => p.check)).toEqual(['mail']);
    expect(problems[0]?.message).toContain('the oldest for 120 s (over 60 s)');
    expect(await metric(w, 'usesync_mail_pending ')).toBe('usesync_mail_pending 1');
    expect(await metric(w, 'usesync_mail_oldest_pending_age_seconds ')).toBe(
      'usesync_mail_oldest_pending_age_seconds 120',
    );

    const peer = await startPeer({ port });
    // After the worker's stop (cleanups run in reverse): the peer closes once the worker's pooled
    // connection is gone, which it is only when the worker closes its SMTP transport.
    cleanups.unshift(() => peer.stop());
    const round = await retrier.runNow();
    expect(round.results.map((r) => r.state)).toEqual(['sent']);
    expect(peer.received).toHaveLength(1);
    expect(peer.received[0]?.rcptTo).toEqual(['it-admin@company.com']);
    expect((await readyz(w)).status).toBe(200);
    expect(await metric(w, 'usesync_mail_pending ')).toBe('usesync_mail_pending 0');
  });
});
