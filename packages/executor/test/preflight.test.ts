import { defaultTenantConfig, type TenantConfig } from '@usesync/config';
import { KeyEncryptionKey, openSqliteStore } from '@usesync/store';
import { type SimulatorHandle, SwissSignClient, startSimulator } from '@usesync/swisssign';
import { parseCertificates } from '@usesync/x509';
import { afterEach, describe, expect, test } from 'vitest';
import { type ExecutorDeps, runSync, stemNames, withSubjectDefaults } from '../src/index.js';
import { NOW } from './fixtures.js';

const enc = new TextEncoder();
const upload = (lines: string[]) => [
  { name: '12345TE_use_import_2026-12-01_0900.useimport', bytes: enc.encode(`${lines.join('\n')}\n#####\n`) },
];
const names = (stem: string) => stemNames(stem);
const PERSONAL =
  'smime-state:anna@company.com;name:Anna Muster;firstname:Anna;lastname:Muster;keystate:1;teamcert:0';

let sim: SimulatorHandle;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function setUp(
  patch: (c: TenantConfig) => TenantConfig,
  requiredSubject?: string[],
): Promise<{ config: TenantConfig; deps: ExecutorDeps }> {
  sim = await startSimulator({
    progression: { polls: 0 },
    products: {
      personal: { name: 'SwissSign Personal S/MIME', ...(requiredSubject ? { requiredSubject } : {}) },
      team: { name: 'SwissSign Team S/MIME' },
    },
  });
  const store = openSqliteStore({ file: ':memory:', kek: KeyEncryptionKey.generate() });
  closers.push(
    () => store.close(),
    () => sim.close(),
  );
  const base = defaultTenantConfig('12345TE');
  const config = patch({
    ...base,
    smime: {
      ...base.smime,
      keyAlgorithm: 'ECDSA-P256',
      products: { personal: 'SwissSign Personal S/MIME', team: 'SwissSign Team S/MIME' },
    },
  });
  const client = new SwissSignClient({
    baseUrl: sim.url,
    userName: sim.account,
    apiKey: sim.apiKey,
    products: config.smime.products,
    rateLimit: false,
    poll: { initialDelayMs: 10, maxDelayMs: 100, maxWaitMs: 10_000 },
  });
  return { config, deps: { store, ca: withSubjectDefaults(client, config) } };
}

describe("the CA's pre-flight in the plan", () => {
  test('an unknown product name is (!) in the plan with the known names and a did-you-mean; nothing is ordered', async () => {
    const { config, deps } = await setUp((c) => ({
      ...c,
      smime: { ...c.smime, products: { ...c.smime.products, personal: 'SwissSign Persnal S/MIME' } },
    }));
    const run = await runSync({ config, deps }, upload([PERSONAL]), { now: NOW, names });
    expect(run.plan?.lines.map((l) => l.prefix)).toEqual(['(!)']);
    expect(run.plan?.lines[0]?.reason).toMatch(
      /no product "SwissSign Persnal S\/MIME".*did you mean `SwissSign Personal S\/MIME`/,
    );
    expect(run.plan?.actions.some((a) => a.kind === 'smime-create')).toBe(false);
    expect(sim.orders()).toEqual([]);
    expect(run.exitCode).toBe(4);
  });

  test('a subject the product refuses (required O and C missing) is (!) before ordering; with the defaults configured it is issued with them', async () => {
    const bare = await setUp((c) => c, ['o', 'c']);
    const refused = await runSync(bare, upload([PERSONAL]), { now: NOW, names });
    expect(refused.plan?.lines[0]?.prefix).toBe('(!)');
    expect(refused.plan?.lines[0]?.reason).toMatch(/does not accept this subject/);
    expect(sim.orders()).toEqual([]);
    for (const c of closers.splice(0)) await c();

    const withDefaults = await setUp(
      (c) => ({ ...c, smime: { ...c.smime, subject: { organization: 'Company AG', country: 'CH' } } }),
      ['o', 'c'],
    );
    const issued = await runSync(withDefaults, upload([PERSONAL]), { now: NOW, names });
    expect(issued.status).toBe('ok');
    const [cert] = await withDefaults.deps.store.listCertificates('12345TE', 'anna@company.com');
    const parsed = await parseCertificates(enc.encode(cert?.certificatePem ?? ''));
    expect(parsed.value[0]?.subjectDn).toMatch(/O=Company AG/);
    expect(parsed.value[0]?.subjectDn).toMatch(/C=CH/);
  });
});
