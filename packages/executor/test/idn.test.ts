import { parseCertificates } from '@usesync/x509';
import { afterEach, expect, test } from 'vitest';
import { runSync, stemNames } from '../src/index.js';
import { type Harness, harness, NOW, testConfig } from './fixtures.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const enc = new TextEncoder();
const upload = (n: number, line: string) => [
  { name: `12345TE_use_import_2026-12-01_000${n}.useimport`, bytes: enc.encode(`${line}\n#####\n`) },
];

test('an address with a Unicode domain and its punycode form are one identity: one order, an A-label SAN', async () => {
  h = await harness();
  const config = testConfig(h.sim);
  const names = (stem: string) => stemNames(stem);
  const first = await runSync(
    { config, deps: h.deps },
    upload(1, 'smime-state:anna@bücher.de;name:Anna;firstname:Anna;lastname:Buch;keystate:1;teamcert:0'),
    { now: NOW, names },
  );
  expect(first.status).toBe('ok');
  const second = await runSync(
    { config, deps: h.deps },
    upload(
      2,
      'smime-state:anna@xn--bcher-kva.de;name:Anna;firstname:Anna;lastname:Buch;keystate:1;teamcert:0',
    ),
    { now: NOW, names },
  );
  expect(second.plan?.lines.map((l) => l.prefix)).toEqual(['(%)']);
  expect(h.sim.orders()).toHaveLength(1);
  const [cert] = await h.store.listCertificates('12345TE');
  const parsed = (await parseCertificates(enc.encode(cert?.certificatePem ?? ''))).value[0];
  expect(parsed?.sanEmails).toEqual(['anna@xn--bcher-kva.de']);
});
