import { afterEach, describe, expect, test } from 'vitest';
import { runSync, stemNames } from '../src/index.js';
import { type Harness, harness, NOW, testConfig } from './fixtures.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const enc = new TextEncoder();
const upload = (n: number, addresses: string[]) => [
  {
    name: `12345TE_use_import_2026-12-01_000${n}.useimport`,
    bytes: enc.encode(
      `${addresses.map((a) => `smime-state:${a};name:Team ${a};keystate:1;teamcert:1`).join('\n')}\n#####\n`,
    ),
  },
];

describe('the cap on live certificates across concurrent runs', () => {
  test('two runs planned at once order no more than the cap between them', async () => {
    h = await harness();
    const config = testConfig(h.sim, (c) => ({ ...c, smime: { ...c.smime, maxLiveCertificates: 3 } }));
    const ports = { config, deps: h.deps };
    const names = (stem: string) => stemNames(stem);
    // Both plans see an empty store (3 free slots each); the reservations decide at order time.
    const [a, b] = await Promise.all([
      runSync(ports, upload(1, ['a1@company.com', 'a2@company.com', 'a3@company.com']), { now: NOW, names }),
      runSync(ports, upload(2, ['b1@company.com', 'b2@company.com', 'b3@company.com']), { now: NOW, names }),
    ]);
    const live = (await h.store.listCertificates('12345TE')).filter((c) => c.status === 'active');
    expect(live).toHaveLength(3);
    expect(h.sim.orders()).toHaveLength(3);
    const refused = [...(a.outcome?.results ?? []), ...(b.outcome?.results ?? [])].filter(
      (r) => r.status === 'failed',
    );
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r.message).toMatch(/limit of 3 live certificates/);
  });
});
