import { afterEach, describe, expect, test } from 'vitest';
import {
  checkProduct,
  type SimulatorHandle,
  SwissSignClient,
  SwissSignError,
  subjectShape,
  suggestProduct,
} from '../src/index.js';
import { clientConfig, makeCsr, setup } from './helpers.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const jane = { kind: 'personal', email: 'jane.doe@company.com', givenName: 'Jane', surname: 'Doe' } as const;
const organisationValidated = { products: { personal: { requiredSubject: ['o', 'c'] } } };

describe('products the CA offers', () => {
  test('listProducts lists every product with its reference, once per client', async () => {
    const s = await setup();
    sim = s.sim;
    const products = await s.client.listProducts();
    expect(products.map((p) => [p.name, p.reference, p.clientReference, p.keyType])).toEqual([
      ['S/MIME Personal (simulated)', s.sim.products.personal.reference, s.sim.clientReference, 'RSA_2048'],
      ['S/MIME E-Mail only (simulated)', s.sim.products.team.reference, s.sim.clientReference, 'RSA_2048'],
    ]);
    await s.client.listProducts();
    await s.client.checkProductName('S/MIME Personal (simulated)');
    expect(s.sim.stats.byRoute['POST /v2/clients']).toBe(1);
  });

  test('an unknown product name gets the list of names and a did-you-mean', async () => {
    const s = await setup();
    sim = s.sim;
    expect(await s.client.checkProductName('s/mime personal (simulated)')).toMatchObject({ ok: true });
    expect(await s.client.checkProductName(s.sim.products.team.reference)).toMatchObject({ ok: true });
    expect(await s.client.checkProductName('S/MIME Personnal (simulated)')).toEqual({
      ok: false,
      wanted: 'S/MIME Personnal (simulated)',
      suggestion: 'S/MIME Personal (simulated)',
      known: ['S/MIME E-Mail only (simulated)', 'S/MIME Personal (simulated)'],
    });
  });

  test('a configured product the CA does not know is reported by the pre-flight and refused at order time with the names', async () => {
    const s = await setup();
    sim = s.sim;
    const client = new SwissSignClient(
      clientConfig(s.sim, { products: { personal: 'SMIME Personal', team: s.sim.products.team.name } }),
    );
    expect(await client.checkConfiguredProducts()).toMatchObject({
      personal: { ok: false, suggestion: 'S/MIME Personal (simulated)' },
      team: { ok: true },
    });
    const result = await client.preflight(jane);
    expect(result).toMatchObject({ kind: 'unknown-product', check: { wanted: 'SMIME Personal' } });
    const error = await client
      .issue({
        ...jane,
        csr: await makeCsr({ email: jane.email, cn: 'Jane Doe' }),
        idempotencyKey: 'unknown-1',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwissSignError);
    expect((error as Error).message).toBe(
      'Cannot resolve the personal product at SwissSign: no product "SMIME Personal" among the 2 products the CA offers (S/MIME E-Mail only (simulated), S/MIME Personal (simulated)); did you mean `S/MIME Personal (simulated)`?',
    );
    expect(s.sim.orders()).toEqual([]);
  });

  test.each([
    [
      'S/MIME Personal',
      ['S/MIME Personal (simulated)', 'S/MIME E-Mail only (simulated)'],
      'S/MIME Personal (simulated)',
    ],
    [
      'smime e-mail only',
      ['S/MIME Personal (simulated)', 'S/MIME E-Mail only (simulated)'],
      'S/MIME E-Mail only (simulated)',
    ],
    ['S/MIME', ['S/MIME Personal', 'S/MIME E-Mail only'], undefined],
    ['Persnal', ['Personal', 'Team'], 'Personal'],
    ['SSL Gold', ['S/MIME Personal', 'S/MIME E-Mail only'], undefined],
  ])('suggestProduct(%j) among %j is %j', (wanted, names, expected) => {
    expect(suggestProduct(wanted, names)).toBe(expected);
  });

  test('checkProduct works on a list without the network', () => {
    const list = [{ name: 'A', reference: 'pma-1', clientReference: 'cli-1', clientName: 'c' }];
    expect(checkProduct('pma-1', list)).toMatchObject({ ok: true, product: { name: 'A' } });
    expect(checkProduct('B', list)).toEqual({ ok: false, wanted: 'B', known: ['A'], suggestion: 'A' });
  });
});

describe('subject pre-flight with /v2/validate', () => {
  test('a product that requires O and C refuses a subject without them, naming both, before anything is ordered', async () => {
    const s = await setup(organisationValidated);
    sim = s.sim;
    const result = await s.client.preflight(jane);
    expect(result).toMatchObject({
      kind: 'refused',
      shape: 'cn(name),gn,sn',
      cached: false,
      apiErrorCode: '400.004.0007',
      messages: [
        'Product S/MIME Personal (simulated) requires the subject attribute O',
        'Product S/MIME Personal (simulated) requires the subject attribute C',
      ],
    });
    expect(s.sim.orders()).toEqual([]);
  });

  test('the answer is cached per product and subject shape, not per value', async () => {
    const s = await setup(organisationValidated);
    sim = s.sim;
    const defaults = { organization: 'Company AG', country: 'CH' };
    const first = await s.client.preflight({ ...jane, subjectDefaults: defaults });
    expect(first).toMatchObject({ kind: 'accepted', shape: 'cn(name),gn,sn,o,c', cached: false });
    const second = await s.client.preflight({
      ...jane,
      email: 'john.smith@company.com',
      givenName: 'John',
      surname: 'Smith',
      subjectDefaults: { organization: 'Other GmbH', country: 'DE' },
    });
    expect(second).toMatchObject({ kind: 'accepted', cached: true });
    const withOu = await s.client.preflight({
      ...jane,
      subjectDefaults: { ...defaults, organizationalUnit: 'IT' },
    });
    expect(withOu).toMatchObject({
      kind: 'refused',
      shape: 'cn(name),gn,sn,o,ou,c',
      messages: ['The subject must not contain an OU'],
    });
    const team = await s.client.preflight({
      kind: 'team',
      email: 'support@company.com',
      teamName: 'Support',
    });
    expect(team).toMatchObject({ kind: 'accepted', shape: 'cn(name)' });
    expect(s.sim.stats.byRoute['POST /v2/validate']).toBe(3);
  });

  test('the configured O and C reach the issued certificate', async () => {
    const s = await setup(organisationValidated);
    sim = s.sim;
    const outcome = await s.client.issue({
      ...jane,
      subjectDefaults: { organization: 'Company AG', country: 'CH' },
      csr: await makeCsr({ email: jane.email, cn: 'Jane Doe' }),
      idempotencyKey: 'subject-defaults-1',
    });
    expect(outcome.kind).toBe('issued');
    if (outcome.kind !== 'issued') return;
    expect(outcome.certificate.subject).toContain('O=Company AG');
    expect(outcome.certificate.subject).toContain('C=CH');
    expect(outcome.certificate.subject).toContain('CN=Jane Doe');
  });

  test.each([
    [{ ...jane }, 'cn(name),gn,sn'],
    [{ ...jane, subjectDefaults: { organization: ' ', country: 'CH' } }, 'cn(name),gn,sn,c'],
    [{ kind: 'team', email: 'support@company.com' } as const, 'cn(address)'],
    [{ kind: 'team', email: 'support@company.com', teamName: 'x@y.ch' } as const, 'cn(address)'],
    [
      {
        kind: 'team',
        email: 'support@company.com',
        teamName: 'Support',
        subjectDefaults: { locality: 'Zürich', state: 'ZH' },
      } as const,
      'cn(name),l,st',
    ],
  ])('subjectShape(%j) is %s', (input, shape) => {
    expect(subjectShape(input)).toBe(shape);
  });
});
