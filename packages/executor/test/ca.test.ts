import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '@usesync/domain';
import { startSimulator } from '@usesync/swisssign';
import { afterEach, describe, expect, test } from 'vitest';
import { CA_ENV, type CaSettings, caSettingsFromEnv, openCa } from '../src/index.js';
import { testConfig } from './fixtures.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'usesync-ca-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('openCa', () => {
  test('without a CA URL in the environment the fallback (the simulator) is used', () => {
    const fallback: CaSettings = { kind: 'simulator', stateFile: '/x/sim.json' };
    expect(caSettingsFromEnv({}, fallback)).toBe(fallback);
    const remote = caSettingsFromEnv(
      { [CA_ENV.url]: 'https://ra.example.invalid/v2', [CA_ENV.user]: 'op', [CA_ENV.apiKey]: 'k3y' },
      fallback,
    );
    expect(remote).toMatchObject({ kind: 'swisssign', userName: 'op', loopback: false });
    expect(JSON.stringify(remote)).not.toContain('k3y');
    expect(caSettingsFromEnv({ [CA_ENV.url]: 'http://127.0.0.1:9' }, fallback)).toMatchObject({
      loopback: true,
    });
  });

  test('the simulator keeps its state in the given file and serves every tenant with one client', async () => {
    const dir = tempDir();
    const stateFile = join(dir, 'sim.json');
    const calls: string[] = [];
    const ca = await openCa({ kind: 'simulator', stateFile }, (op, _s, ok) => calls.push(`${op}:${ok}`));
    cleanups.push(() => ca.close());
    expect(ca.kind).toBe('simulator');
    expect(ca.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ca.description).toBe(`SwissSign simulator (${stateFile})`);
    expect(existsSync(stateFile)).toBe(true);
    const sim = await startSimulator();
    cleanups.push(() => sim.close());
    const config = testConfig(sim);
    expect(ca.caFor(config)).toBe(ca.caFor({ ...config, tenant: { ...config.tenant, id: 'OTHER' } }));
    expect(await ca.caFor(config).findOrderByIdempotencyKey('none')).toBeUndefined();
    expect(calls).toEqual(['find:true']);
  });

  test('a SwissSign RA API gets one client a pair of products', async () => {
    const sim = await startSimulator();
    cleanups.push(() => sim.close());
    const ca = await openCa({
      kind: 'swisssign',
      baseUrl: sim.url,
      userName: sim.account,
      apiKey: new Secret(sim.apiKey.reveal()),
      loopback: true,
    });
    const config = testConfig(sim);
    expect(ca.description).toBe(sim.url);
    expect(ca.caFor(config)).toBe(ca.caFor(config));
    const other = { ...config, smime: { ...config.smime, products: { personal: 'p', team: 't' } } };
    expect(ca.caFor(other)).not.toBe(ca.caFor(config));
    expect(await ca.caFor(config).findOrderByIdempotencyKey('none')).toBeUndefined();
  });
});
