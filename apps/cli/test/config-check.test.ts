import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run, tempDir } from './helpers.js';

async function dataDir(): Promise<{ data: string; env: Record<string, string>; yaml: string }> {
  const data = tempDir('usesync-config-');
  const env = { USESYNC_DATA: data };
  expect((await run(['init', '--tenant', '12345TE'], env)).code).toBe(0);
  return { data, env, yaml: join(data, 'tenants', '12345TE.yaml') };
}

describe('usesync config check', () => {
  test('a fresh data directory is valid: exit 0', async () => {
    const { env } = await dataDir();
    const r = await run(['config', 'check'], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('12345TE.yaml: ok (0 errors, 0 warnings)');
    expect(r.out).toContain('1 configuration checked: all valid');
  });

  test('every error is printed with its position and source line, one pass; exit 1', async () => {
    const { env, yaml } = await dataDir();
    const text = readFileSync(yaml, 'utf8')
      .replace(/maxLiveCertificates: \d+/, 'maxLiveCertificates: -3')
      .replace('watchdog:\n', 'watchdog:\n  bufferHour: 12\n');
    writeFileSync(yaml, text);
    const r = await run(['config', 'check'], env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/12345TE\.yaml:\d+:\d+: error CFG002: smime\.maxLiveCertificates/);
    expect(r.out).toMatch(/12345TE\.yaml:\d+:\d+: error CFG003: watchdog\.bufferHour/);
    expect(r.out).toContain('  bufferHour: 12');
    expect(r.out).toContain('1 configuration checked: 1 invalid');
    const json = JSON.parse((await run(['config', 'check', '--json'], env)).out) as {
      ok: boolean;
      files: { ok: boolean; diagnostics: { code: string }[] }[];
    };
    expect(json.ok).toBe(false);
    expect(json.files[0]?.diagnostics.map((d) => d.code).sort()).toEqual(['CFG002', 'CFG003']);
  });

  test('a file whose tenant id differs from its name is an error; a file that cannot be read is a usage error', async () => {
    const { env, yaml, data } = await dataDir();
    const other = join(data, 'tenants', 'OTHER1.yaml');
    writeFileSync(other, readFileSync(yaml, 'utf8'));
    const r = await run(['config', 'check', '--tenant', 'OTHER1'], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain('configures tenant 12345TE');
    expect((await run(['config', 'check', '/nonexistent/x.yaml'], env)).code).toBe(2);
  });
});

describe('usesync config check --settings', () => {
  test('the provider settings file is checked too, its typos with a suggestion, and its dataDir gives the tenants', async () => {
    const { data } = await dataDir();
    const settings = join(data, 'worker.yaml');
    writeFileSync(settings, 'dataDir: .\npollIntervalSeconds: 5\nhttp: { port: 0 }\n');
    const ok = await run(['config', 'check', '--settings', settings]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('worker.yaml: ok');
    expect(ok.out).toContain('12345TE.yaml: ok');
    expect(ok.out).toContain('2 configurations checked: all valid');

    writeFileSync(settings, 'dataDir: .\npollIntervalSecond: 5\n');
    const bad = await run(['config', 'check'], { USESYNC_WORKER_CONFIG: settings });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/worker\.yaml:2:1: error CFG003: .*pollIntervalSecond.*pollIntervalSeconds/);
    expect(bad.out).toContain('  pollIntervalSecond: 5');
    expect(bad.err).toContain('tenant configurations not checked');
    const both = await run(['config', 'check', '--settings', settings, '--data', data]);
    expect(both.out).toContain('12345TE.yaml: ok');
    expect(both.out).toContain('2 configurations checked: 1 invalid');
  });
});
