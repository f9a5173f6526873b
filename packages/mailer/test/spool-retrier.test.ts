import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  DeliveryError,
  MailSpool,
  type MailTransport,
  type RetrierTimers,
  type RetryRound,
  SmtpTransport,
  SpoolRetrier,
} from '../src/index.js';
import { simpleMail } from './simple-mail.js';
import { freePort, type Peer, startPeer } from './smtp-peer.js';

let dir: string;
const cleanup: Array<() => Promise<void>> = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'usesync-retrier-'));
});
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

describe('retrying the spool while running', () => {
  test('mail kept during an SMTP outage is delivered once the server is back, without a restart', async () => {
    const port = await freePort();
    const transport = new SmtpTransport({
      host: '127.0.0.1',
      port,
      requireTLS: false,
      ignoreTLS: true,
      timeoutMs: 5000,
      retry: { attempts: 1 },
    });
    const spool = new MailSpool({ dir, transport });
    cleanup.push(() => spool.close());
    const [first] = await spool.sendAll(simpleMail());
    expect(first?.state).toBe('pending');

    const rounds: RetryRound[] = [];
    const retrier = new SpoolRetrier({
      spool,
      initialDelayMs: 20,
      maxDelayMs: 100,
      idleIntervalMs: 50,
      onRound: (r) => rounds.push(r),
    });
    retrier.start();
    cleanup.push(() => retrier.stop());
    await vi.waitFor(() => expect(rounds.some((r) => r.failure !== undefined)).toBe(true), {
      timeout: 10_000,
    });
    expect(retrier.pendingCount()).toBe(1);
    expect(retrier.status().lastFailure?.kind).toBe('transient');
    expect(retrier.oldestPendingAgeSeconds()).toBeGreaterThanOrEqual(0);

    // The server comes up on the same port; the same process and spool deliver.
    let peer: Peer | undefined;
    peer = await startPeer({ port });
    cleanup.push(() => (peer ? peer.stop() : Promise.resolve()));
    await vi.waitFor(() => expect(peer?.received).toHaveLength(1), { timeout: 10_000, interval: 20 });
    await vi.waitFor(() => expect(retrier.pendingCount()).toBe(0), { timeout: 10_000 });
    expect(retrier.oldestPendingAgeSeconds()).toBeUndefined();
    expect(retrier.status()).toMatchObject({ failedRounds: 0, pending: 0, running: true });
    expect(readdirSync(join(dir, 'sent'))).toEqual([`${first?.id}.eml`, `${first?.id}.json`]);
    // Close the pool before the peer stops, so the peer need not wait for the idle connection.
    await retrier.stop();
    await spool.close();
  });
});

/** A transport that fails while `down` is true, and a fake timer table. */
function fakes(nowMs: { t: number }) {
  const state = { down: true, delivered: 0, tried: 0 };
  const transport: MailTransport = {
    name: 'fake:',
    deliver: async () => {
      state.tried++;
      if (state.down) throw new DeliveryError('transient', 'Cannot deliver mail via fake: down');
      state.delivered++;
      return { accepted: ['x@y.example'], rejected: [], response: '250 ok' };
    },
    close: async () => {},
  };
  const scheduled: Array<{ ms: number; fn: () => void; cleared: boolean }> = [];
  const timers: RetrierTimers = {
    setTimeout: (fn, ms) => {
      const entry = { ms, fn, cleared: false };
      scheduled.push(entry);
      return entry;
    },
    clearTimeout: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
  };
  return { state, transport, scheduled, timers, now: () => nowMs.t };
}

describe('the retry schedule', () => {
  test('failing rounds back off exponentially up to the bound, and a clean round returns to the idle interval', async () => {
    const clock = { t: Date.parse('2026-11-27T08:30:00Z') };
    const f = fakes(clock);
    const spool = new MailSpool({ dir, transport: f.transport, now: () => new Date(clock.t) });
    await spool.sendAll([...simpleMail('one'), ...simpleMail('two')]);
    const retrier = new SpoolRetrier({
      spool,
      initialDelayMs: 1000,
      maxDelayMs: 5000,
      idleIntervalMs: 60_000,
      jitter: false,
      now: f.now,
      timers: f.timers,
    });
    retrier.start();
    expect(f.scheduled.map((s) => s.ms)).toEqual([0]);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      clock.t += 1000;
      const round = await retrier.runNow();
      delays.push(round.nextDelayMs);
      // A round stops at the first message that stays pending.
      expect(round.results).toHaveLength(1);
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(retrier.pendingCount()).toBe(2);
    expect(retrier.oldestPendingAgeSeconds()).toBe(5);
    expect(retrier.status().failedRounds).toBe(5);

    f.state.down = false;
    const ok = await retrier.runNow();
    expect(ok.results.map((r) => r.state)).toEqual(['sent', 'sent']);
    expect(ok.nextDelayMs).toBe(60_000);
    expect(retrier.status()).toMatchObject({
      pending: 0,
      failedRounds: 0,
      oldestPendingAgeSeconds: undefined,
    });
    expect(retrier.status().lastFailure).toBeUndefined();
    expect(f.state.delivered).toBe(2);

    await retrier.stop();
    expect(retrier.status().running).toBe(false);
    expect(f.scheduled.at(-1)?.cleared).toBe(true);
  });

  test('jitter keeps each wait between half and all of the step', () => {
    const spool = new MailSpool({ dir, transport: fakes({ t: 0 }).transport });
    const low = new SpoolRetrier({ spool, initialDelayMs: 1000, random: () => 0 });
    const high = new SpoolRetrier({ spool, initialDelayMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3].map((n) => low.delayAfter(n))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((n) => high.delayAfter(n))).toEqual([1000, 2000, 4000]);
  });

  test('pendingStats reads the age from the file names, so a scrape needs no JSON parsing', async () => {
    const clock = { t: Date.parse('2026-11-27T08:30:00Z') };
    const f = fakes(clock);
    const spool = new MailSpool({ dir, transport: f.transport, now: () => new Date(clock.t) });
    expect(await spool.pendingStats()).toEqual({ count: 0 });
    await spool.sendAll(simpleMail());
    clock.t += 60_000;
    await spool.sendAll(simpleMail());
    expect(await spool.pendingStats()).toEqual({
      count: 2,
      oldestCreatedAt: new Date('2026-11-27T08:30:00Z'),
    });
  });
});
