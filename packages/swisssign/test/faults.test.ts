import { afterEach, describe, expect, test } from 'vitest';
import { type IssueInput, type SimulatorHandle, SwissSignClient } from '../src/index.js';
import { clientConfig, makeCsr, setup } from './helpers.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function teamInput(email: string, idempotencyKey: string): Promise<IssueInput> {
  return { kind: 'team', email, csr: await makeCsr({ email }), idempotencyKey };
}

describe('order outcomes injected per mailbox', () => {
  test.each(['FAILED', 'REJECTED'] as const)(
    'an order that ends %s is a failed outcome, not an exception',
    async (status) => {
      const s = await setup({ faults: { orders: { 'doomed@example.com': status } } });
      sim = s.sim;
      const outcome = await s.client.issue(await teamInput('doomed@example.com', `fail-${status}`));
      expect(outcome).toMatchObject({ kind: 'failed', status, reused: false });
    },
  );

  test('PENDING_AUTH stays pending: the wait is bounded and resumable, and a retry reuses the order', async () => {
    const s = await setup({ faults: { orders: { '*': 'PENDING_AUTH' } } });
    sim = s.sim;
    const input = await teamInput('waiting@example.com', 'pending-1');
    const first = await s.client.issue(input, { maxWaitMs: 150 });
    expect(first).toMatchObject({ kind: 'pending', status: 'PENDING_AUTH', reused: false });
    const resumed = await s.client.waitForOrder(first.orderReference, { maxWaitMs: 100 });
    expect(resumed).toMatchObject({ kind: 'pending', orderReference: first.orderReference });
    const again = await s.client.issue(input, { maxWaitMs: 50 });
    expect(again).toMatchObject({ kind: 'pending', orderReference: first.orderReference, reused: true });
    expect(s.sim.orders()).toHaveLength(1);
  });

  test('a pending order resumed later with a larger budget ends issued', async () => {
    const s = await setup({ progression: { polls: 12 } }, { poll: { initialDelayMs: 5, maxDelayMs: 10 } });
    sim = s.sim;
    const first = await s.client.issue(await teamInput('slow.ca@example.com', 'resume-1'), { maxWaitMs: 20 });
    expect(first.kind).toBe('pending');
    const later = await s.client.waitForOrder(first.orderReference, { maxWaitMs: 5_000 });
    expect(later.kind).toBe('issued');
  });
});

describe('transport faults', () => {
  test('5xx answers to reads are retried', async () => {
    const s = await setup({ faults: { http: [{ kind: 'http-5xx', path: '/status', times: 2 }] } });
    sim = s.sim;
    expect((await s.client.issue(await teamInput('a@example.com', 'r5xx'))).kind).toBe('issued');
    expect(s.sim.stats.faultsHit).toBe(2);
  });

  test('a read that keeps failing ends in a typed, retryable SWISSSIGN_SERVER error', async () => {
    const s = await setup({
      faults: {
        http: [{ kind: 'http-5xx', path: '/v2/orders', times: Number.POSITIVE_INFINITY, status: 502 }],
      },
    });
    sim = s.sim;
    const error = await s.client.searchOrders({}).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SWISSSIGN_SERVER',
      status: 502,
      retryable: true,
      apiErrorCode: '503.000.0001',
    });
    expect(s.sim.stats.byRoute['POST /v2/orders']).toBe(4);
  });

  test('a dropped connection on a read is retried', async () => {
    const s = await setup({ faults: { http: [{ kind: 'drop', path: '/v2/order/', times: 1 }] } });
    sim = s.sim;
    expect((await s.client.issue(await teamInput('b@example.com', 'rdrop'))).kind).toBe('issued');
  });

  test('a slow answer times out and the retry succeeds', async () => {
    const s = await setup(
      { faults: { http: [{ kind: 'slow', path: '/v2/clients', delayMs: 1_500 }] } },
      { timeoutMs: 300 },
    );
    sim = s.sim;
    expect((await s.client.resolveProduct('team')).reference).toBe(s.sim.products.team.reference);
    expect(s.sim.stats.byRoute['POST /v2/clients']).toBe(2);
  });

  test('a timeout on every try is a SWISSSIGN_TIMEOUT error', async () => {
    const s = await setup(
      { faults: { http: [{ kind: 'slow', path: '/v2/clients', delayMs: 1_000, times: 3 }] } },
      { timeoutMs: 100, retry: { attempts: 2, initialDelayMs: 5, maxDelayMs: 10 } },
    );
    sim = s.sim;
    await expect(s.client.listClients()).rejects.toMatchObject({
      code: 'SWISSSIGN_TIMEOUT',
      retryable: true,
    });
  });

  test('a 5xx before the order is placed is retried after a tag search, placing one order', async () => {
    const s = await setup({ faults: { http: [{ kind: 'http-5xx', path: '/v2/issue', times: 1 }] } });
    sim = s.sim;
    const outcome = await s.client.issue(await teamInput('c@example.com', 'issue-5xx'));
    expect(outcome).toMatchObject({ kind: 'issued', reused: false });
    expect(s.sim.orders()).toHaveLength(1);
    expect(s.sim.stats.byRoute['POST /v2/issue']).toBe(2);
  });

  test('an answer lost after the order was placed is recovered by the tag search, not by a second order', async () => {
    const s = await setup({ faults: { http: [{ kind: 'drop', path: '/v2/issue', when: 'after' }] } });
    sim = s.sim;
    const outcome = await s.client.issue(await teamInput('d@example.com', 'issue-drop'));
    expect(outcome.kind).toBe('issued');
    expect(s.sim.orders()).toHaveLength(1);
    expect(s.sim.stats.byRoute['POST /v2/issue']).toBe(1);
  });
});

describe('authentication', () => {
  test('a JWT refused once as expired is replaced and the call succeeds', async () => {
    const s = await setup();
    sim = s.sim;
    await s.client.listClients();
    s.sim.faults.add({ kind: 'expired-jwt', times: 1 });
    await s.client.searchOrders({});
    expect(s.sim.stats.jwtIssued).toBe(2);
  });

  test('a fresh JWT refused again is a SWISSSIGN_AUTH error (one re-authentication only)', async () => {
    const s = await setup({ faults: { http: [{ kind: 'expired-jwt', times: 2 }] } });
    sim = s.sim;
    await expect(s.client.listClients()).rejects.toMatchObject({ code: 'SWISSSIGN_AUTH', status: 401 });
  });

  test('a JWT that really expired (client clock behind) is renewed after the 401', async () => {
    const s = await setup({ jwtTtlSeconds: 1 }, { now: () => Date.now() - 60_000 });
    sim = s.sim;
    await s.client.listClients();
    await new Promise((r) => setTimeout(r, 1_100));
    await s.client.searchOrders({});
    expect(s.sim.stats.unauthorized).toBe(1);
    expect(s.sim.stats.jwtIssued).toBe(2);
  });

  test('a JWT is refreshed before it expires, without a 401', async () => {
    const s = await setup({ jwtTtlSeconds: 1 });
    sim = s.sim;
    await s.client.listClients();
    await new Promise((r) => setTimeout(r, 600));
    await s.client.searchOrders({});
    expect(s.sim.stats.jwtIssued).toBe(2);
    expect(s.sim.stats.unauthorized).toBe(0);
  });

  test('a wrong API key is a SWISSSIGN_AUTH error whose message holds no secret', async () => {
    const s = await setup();
    sim = s.sim;
    const { Secret } = await import('@usesync/domain');
    const wrong = new SwissSignClient(clientConfig(s.sim, { apiKey: new Secret('wrong-key-1234') }));
    const error = (await wrong.listClients().catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'SWISSSIGN_AUTH' });
    expect(error.message).not.toContain('wrong-key-1234');
    expect(JSON.stringify(clientConfig(s.sim))).not.toContain(s.sim.apiKey.reveal());
  });
});

describe('exactly-once ordering', () => {
  test('a crash between "order placed" and "order recorded" followed by a retry places no second order', async () => {
    const s = await setup();
    sim = s.sim;
    const input = await teamInput('once@example.com', 'crash-1');
    // First run: the process "dies" right after the POST /v2/issue answer arrives.
    const crash = new AbortController();
    const crashing: typeof fetch = async (request, init) => {
      const response = await fetch(request, init);
      if (new URL((request as Request).url).pathname === '/v2/issue') crash.abort(new Error('crash'));
      crash.signal.throwIfAborted();
      return response;
    };
    const first = new SwissSignClient(clientConfig(s.sim, { fetch: crashing }));
    await expect(first.issue(input, { signal: crash.signal })).rejects.toMatchObject({
      code: 'SWISSSIGN_ABORTED',
    });
    expect(s.sim.orders()).toHaveLength(1);
    // Second run: a new process, same idempotency key.
    const second = new SwissSignClient(clientConfig(s.sim));
    const outcome = await second.issue(input);
    expect(outcome).toMatchObject({ kind: 'issued', reused: true, orderReference: s.sim.orders()[0]?.uuid });
    expect(s.sim.orders()).toHaveLength(1);
    expect(s.sim.stats.byRoute['POST /v2/issue']).toBe(1);
  });
});
