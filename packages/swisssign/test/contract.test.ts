import 'reflect-metadata';
import type { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SimulatorHandle, type SwissSignClient, SwissSignError } from '../src/index.js';
import { makeCsr, setup } from './helpers.js';

let sim: SimulatorHandle;
let client: SwissSignClient;

beforeAll(async () => {
  ({ sim, client } = await setup());
});
afterAll(() => sim.close());

describe('the client against the simulator over loopback HTTP', () => {
  test('a personal certificate is ordered, polled, and delivered with its chain', async () => {
    const csr = await makeCsr({ email: 'jane.doe@example.com', cn: 'whatever' });
    const outcome = await client.issue({
      kind: 'personal',
      email: 'jane.doe@example.com',
      givenName: 'Jane',
      surname: 'Doe',
      csr,
      idempotencyKey: 'contract-personal-1',
    });
    expect(outcome.kind).toBe('issued');
    if (outcome.kind !== 'issued') return;
    expect(outcome.reused).toBe(false);
    const cert = new x509.X509Certificate(outcome.certificate.der);
    expect(cert.subjectName.getField('CN')).toEqual(['Jane Doe']);
    expect(cert.subjectName.getField('2.5.4.42')).toEqual(['Jane']);
    expect(cert.subjectName.getField('OU')).toEqual([]);
    const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
    expect(san?.names.items.map((n) => `${n.type}:${n.value}`)).toEqual(['email:jane.doe@example.com']);
    expect(outcome.certificate.serialNumber).toBe(cert.serialNumber.toUpperCase());
    expect(outcome.chainPem).toHaveLength(3);
    expect(new x509.X509Certificate(outcome.chainPem[1] as string).subject).toBe(cert.issuer);
    expect(outcome.order.tags).toContain('usesync-idempotency:contract-personal-1');
  });

  test('a team certificate carries the address as CN, and DER CSRs are accepted', async () => {
    const pem = await makeCsr({ email: 'sales@example.com' });
    const der = new x509.Pkcs10CertificateRequest(pem).rawData;
    const outcome = await client.issue({
      kind: 'team',
      email: 'sales@example.com',
      csr: new Uint8Array(der),
      idempotencyKey: 'contract-team-1',
    });
    expect(outcome.kind).toBe('issued');
    if (outcome.kind !== 'issued') return;
    expect(new x509.X509Certificate(outcome.certificate.der).subjectName.getField('CN')).toEqual([
      'sales@example.com',
    ]);
  });

  test('products resolve by name and are cached', async () => {
    const before = sim.stats.byRoute['POST /v2/clients'] ?? 0;
    const product = await client.resolveProduct('team');
    await client.resolveProduct('team');
    expect(product.reference).toBe(sim.products.team.reference);
    expect(product.clientReference).toBe(sim.clientReference);
    expect((sim.stats.byRoute['POST /v2/clients'] ?? 0) - before).toBeLessThanOrEqual(1);
  });

  test('orders are found by tag, serial and e-mail', async () => {
    const outcome = await client.issue({
      kind: 'team',
      email: 'search.me@example.com',
      csr: await makeCsr({ email: 'search.me@example.com' }),
      idempotencyKey: 'contract-search',
      tags: ['cmdb-42'],
    });
    if (outcome.kind !== 'issued') throw new Error(outcome.kind);
    expect((await client.findOrderByIdempotencyKey('contract-search'))?.uuid).toBe(outcome.orderReference);
    expect((await client.searchOrders({ tags: ['cmdb-42'] })).map((o) => o.uuid)).toEqual([
      outcome.orderReference,
    ]);
    const serial = outcome.certificate.serialNumber;
    expect(
      (await client.searchOrders({ serialNumber: `${serial.slice(0, 6)}*` })).map((o) => o.uuid),
    ).toContain(outcome.orderReference);
    expect((await client.searchOrders({ attribute: 'search.me@*' })).map((o) => o.uuid)).toEqual([
      outcome.orderReference,
    ]);
    expect(await client.findOrderByIdempotencyKey('never-used')).toBeUndefined();
  });

  test('a dry run accepts a good request and explains a bad one without placing orders', async () => {
    const count = sim.orders().length;
    const good = await client.validate({
      kind: 'team',
      email: 'dry@example.com',
      csr: await makeCsr({ email: 'dry@example.com' }),
      idempotencyKey: 'dry-1',
    });
    expect(good).toEqual({ valid: true });
    const weak = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        hash: 'SHA-256',
        publicExponent: new Uint8Array([1, 0, 1]),
        modulusLength: 1024,
      },
      true,
      ['sign', 'verify'],
    );
    const bad = await client.validate({
      kind: 'team',
      email: 'dry@example.com',
      csr: await makeCsr({ email: 'dry@example.com', keys: weak as webcrypto.CryptoKeyPair }),
      idempotencyKey: 'dry-2',
    });
    expect(bad.valid).toBe(false);
    if (!bad.valid) expect(bad.messages.join()).toMatch(/1024 bits is below 2048/);
    expect(sim.orders()).toHaveLength(count);
  });

  test('revocation marks the order REVOKED and lists the serial on the CRL', async () => {
    const outcome = await client.issue({
      kind: 'team',
      email: 'leaver@example.com',
      csr: await makeCsr({ email: 'leaver@example.com' }),
      idempotencyKey: 'contract-revoke',
    });
    if (outcome.kind !== 'issued') throw new Error(outcome.kind);
    await client.revoke({
      serialNumber: outcome.certificate.serialNumber.toLowerCase(),
      issuerName: outcome.certificate.issuer,
      reason: 'CESSATION_OF_OPERATION',
      requestor: 'Jane Admin',
    });
    const order = await client.getOrder(outcome.orderReference);
    expect(order.status).toBe('REVOKED');
    expect(order.certificate?.revocationStatus?.reason).toBe('CESSATION_OF_OPERATION');
    const crl = new x509.X509Crl(await sim.crl());
    expect(crl.findRevoked(outcome.certificate.serialNumber.toLowerCase())).not.toBeNull();
    const again = client.revoke({
      serialNumber: outcome.certificate.serialNumber,
      issuerName: outcome.certificate.issuer,
      reason: 'SUPERSEDED',
      requestor: 'Jane Admin',
    });
    await expect(again).rejects.toMatchObject({ code: 'SWISSSIGN_BAD_REQUEST', status: 400 });
  });

  test('an unknown product name is a typed error with a suggestion', async () => {
    const { SwissSignClient } = await import('../src/index.js');
    const other = new SwissSignClient({
      baseUrl: sim.url,
      userName: sim.account,
      apiKey: sim.apiKey,
      products: { team: 'S/MIME E-Mail onlx (simulated)' },
      rateLimit: false,
    });
    const error = await other.resolveProduct('team').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwissSignError);
    expect((error as SwissSignError).message).toMatch(/did you mean `S\/MIME E-Mail only \(simulated\)`/);
  });

  test('personal orders without names are refused before anything is sent', async () => {
    const requests = sim.stats.requests;
    const error = await client
      .issue({ kind: 'personal', email: 'x@example.com', csr: 'x', idempotencyKey: 'k' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SWISSSIGN_INVALID_INPUT' });
    expect(sim.stats.requests - requests).toBeLessThanOrEqual(1);
  });
});

describe('the simulator speaks the API like SwissSign', () => {
  const post = (
    path: string,
    init: { body?: string; token?: string; type?: string } = {},
  ): Promise<Response> =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': init.type ?? 'application/json',
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
  const token = async (): Promise<string> =>
    (
      await post(`/v2/jwt/${encodeURIComponent(sim.account)}`, {
        type: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({ userSecret: sim.apiKey.reveal() }).toString(),
      })
    ).text();

  test.each([
    ['no bearer token', undefined],
    ['a forged token', 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjk5OTk5OTk5OTl9.AAAA'],
  ])('answers 401 with an APIError for %s', async (_label, bearer) => {
    const res = await post('/v2/orders', { body: '{}', ...(bearer ? { token: bearer } : {}) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      errorCode: expect.any(String),
      errorMessages: [expect.any(String)],
    });
  });

  test('refuses a wrong API key with 401', async () => {
    const res = await post(`/v2/jwt/${encodeURIComponent(sim.account)}`, {
      type: 'application/x-www-form-urlencoded',
      body: 'userSecret=wrong',
    });
    expect(res.status).toBe(401);
  });

  test('validates request bodies against the OpenAPI schemas', async () => {
    const t = await token();
    const res = await post('/v2/revoke', {
      token: t,
      body: JSON.stringify([{ serialNumber: 'AB', revocationReason: 'BORED' }]),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errorMessages: string[] };
    expect(body.errorMessages.join('\n')).toMatch(/issuerName/);
    expect(body.errorMessages.join('\n')).toMatch(/allowed values/);
    const search = await post('/v2/orders', { token: t, body: JSON.stringify({ orderStatus: ['NOPE'] }) });
    expect(search.status).toBe(400);
    const nulls = await post('/v2/orders', {
      token: t,
      body: JSON.stringify({ serialNumber: null, tags: null }),
    });
    expect(nulls.status).toBe(200);
  });

  test('issues through /v2/issue/csr/{pma} with a text/plain CSR', async () => {
    const t = await token();
    const csr = await makeCsr({ email: 'plain@example.com' });
    const res = await post(`/v2/issue/csr/${sim.products.team.reference}`, {
      token: t,
      type: 'text/plain',
      body: csr,
    });
    expect(res.status).toBe(200);
    const order = (await res.json()) as { uuid: string; status: string };
    expect(order.uuid).toMatch(/^ord-[0-9a-f-]{36}$/);
    expect(order.status).toBe('NEW');
  });

  test('refuses an OU in the subject and a team CN that is another address', async () => {
    const t = await token();
    const body = (csr: string, subjectDN?: string): string =>
      JSON.stringify({
        productReference: sim.products.team.reference,
        csr,
        ...(subjectDN ? { overrides: { subjectDN } } : {}),
      });
    const ou = await post('/v2/validate', {
      token: t,
      body: body(await makeCsr({ email: 'a@example.com', ou: 'Sales' })),
    });
    expect(ou.status).toBe(400);
    const cn = await post('/v2/validate', {
      token: t,
      body: body(await makeCsr({ email: 'a@example.com' }), 'cn=other@example.com'),
    });
    expect(((await cn.json()) as { errorMessages: string[] }).errorMessages[0]).toMatch(
      /CN must be the team name or the address/,
    );
    const named = await post('/v2/validate', {
      token: t,
      body: body(await makeCsr({ email: 'a@example.com' }), 'cn=Support'),
    });
    expect(named.status).toBe(204);
  });
});
