import { afterEach, describe, expect, test } from 'vitest';
import { runSync, stemNames } from '../src/index.js';
import { type Harness, harness, NOW, testConfig } from './fixtures.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const enc = new TextEncoder();
const names = (stem: string) => stemNames(stem);
const upload = (n: number, lines: string[]) => [
  {
    name: `12345TE_use_import_2026-12-01_${String(n).padStart(4, '0')}.useimport`,
    bytes: enc.encode(`${lines.join('\n')}\n#####\n`),
  },
];
const address = (i: number) => `user${i}@company.com`;

describe('the revocation guard counts a rolling window per tenant', () => {
  test('a mass revocation split over several files is refused once the window total passes the threshold', async () => {
    h = await harness();
    const config = testConfig(h.sim, (c) => ({
      ...c,
      revocationGuard: { ...c.revocationGuard, percent: 25, minimum: 2 },
    }));
    const ports = { config, deps: h.deps };
    const created = await runSync(
      ports,
      upload(
        0,
        Array.from({ length: 8 }, (_, i) => `smime-state:${address(i)};name:User ${i};keystate:1;teamcert:0`),
      ),
      { now: NOW, names },
    );
    expect(created.status).toBe('ok');
    const revoke = (n: number, from: number) =>
      runSync(
        ports,
        upload(
          n,
          [from, from + 1].map((i) => `smime-state:${address(i)};keystate:0`),
        ),
        { now: new Date(NOW.getTime() + n * 60_000), names },
      );
    // 8 live, 25 % → 2 per window: the first file revokes 2, the second would make 4.
    expect((await revoke(1, 0)).status).toBe('ok');
    const second = await revoke(2, 2);
    expect(second.status).toBe('refused');
    expect(second.plan?.refusal?.message).toMatch(/with the 2 revoked or deleted in the last 24 h: 4/);
    expect((await h.store.listCertificates('12345TE')).filter((c) => c.status === 'revoked')).toHaveLength(2);
    // A day later the window has moved on.
    const later = await runSync(
      ports,
      upload(
        3,
        [2, 3].map((i) => `smime-state:${address(i)};keystate:0`),
      ),
      { now: new Date(NOW.getTime() + 25 * 3_600_000), names },
    );
    expect(later.status).toBe('ok');
  });
});
