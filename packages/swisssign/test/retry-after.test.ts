import { afterEach, describe, expect, test } from 'vitest';
import { parseFaultSpec, parseRetryAfter, type SimulatorHandle, SwissSignError } from '../src/index.js';
import { makeCsr, setup } from './helpers.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A sleep that records what it was asked to wait and returns at once. */
function recordingSleep(): { sleeps: number[]; sleep: (ms: number) => Promise<void> } {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms) => void sleeps.push(ms) };
}

describe('Retry-After on 429 and 503', () => {
  test('a 429 with Retry-After in seconds waits what the API asked, then succeeds', async () => {
    const r = recordingSleep();
    const s = await setup(
      { faults: { http: [{ kind: 'throttle', path: '/v2/orders', retryAfter: '2' }] } },
      { sleep: r.sleep },
    );
    sim = s.sim;
    expect(await s.client.searchOrders({ tags: ['none'] })).toEqual([]);
    expect(r.sleeps).toEqual([2000]);
    expect(s.sim.stats.faultsHit).toBe(1);
  });

  test('a 503 with Retry-After as an HTTP date waits until that time', async () => {
    const now = Date.now();
    const at = new Date(now + 5_000);
    const r = recordingSleep();
    const s = await setup(
      {
        faults: {
          http: [{ kind: 'throttle', status: 503, path: '/v2/orders', retryAfter: at.toUTCString() }],
        },
      },
      { sleep: r.sleep, now: () => now },
    );
    sim = s.sim;
    await s.client.searchOrders({ tags: ['none'] });
    // HTTP dates have whole seconds.
    expect(r.sleeps).toEqual([Math.floor(at.getTime() / 1000) * 1000 - now]);
  });

  test('a Retry-After beyond the bound ends the call at once with the wait named', async () => {
    const r = recordingSleep();
    const s = await setup(
      { faults: { http: [{ kind: 'throttle', path: '/v2/orders', retryAfter: '120' }] } },
      { sleep: r.sleep, retry: { attempts: 4, initialDelayMs: 5, maxDelayMs: 40, maxRetryAfterMs: 60_000 } },
    );
    sim = s.sim;
    const error = await s.client.searchOrders({ tags: ['none'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwissSignError);
    expect(error).toMatchObject({
      code: 'SWISSSIGN_SERVER',
      status: 429,
      retryAfterMs: 120_000,
      retryable: true,
    });
    expect((error as Error).message).toContain('Retry-After 120 s, more than the 60 s this client waits');
    expect(r.sleeps).toEqual([]);
    expect(s.sim.stats.byRoute['POST /v2/orders']).toBe(1);
  });

  test('placing an order that is throttled waits as asked and places exactly one order', async () => {
    const r = recordingSleep();
    const s = await setup(
      { faults: { http: [{ kind: 'throttle', path: '/v2/issue', retryAfter: '3' }] } },
      { sleep: r.sleep },
    );
    sim = s.sim;
    const email = 'throttled@example.com';
    const outcome = await s.client.issue({
      kind: 'team',
      email,
      csr: await makeCsr({ email }),
      idempotencyKey: 'throttle-1',
    });
    expect(outcome.kind).toBe('issued');
    expect(r.sleeps).toContain(3000);
    expect(s.sim.orders()).toHaveLength(1);
  });
});

describe('parsing', () => {
  test.each([
    ['0', 0],
    ['7', 7000],
    [' 12 ', 12_000],
    ['Tue, 01 Dec 2026 03:00:10 GMT', 10_000],
    ['Tue, 01 Dec 2026 02:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('Retry-After %j is %j ms', (value, ms) => {
    expect(parseRetryAfter(value, Date.parse('2026-12-01T03:00:00Z'))).toBe(ms);
  });

  test('the simulator CLI takes a throttle fault with a Retry-After', () => {
    expect(parseFaultSpec('throttle,status=503,retry-after=2,path=/v2/orders')).toEqual({
      kind: 'throttle',
      status: 503,
      retryAfter: '2',
      path: '/v2/orders',
    });
  });
});
