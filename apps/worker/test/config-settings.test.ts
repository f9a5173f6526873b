import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTenantConfig, type TenantConfig } from '@usesync/config';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { assertDisjointShareRoots, loadWorkerConfig, readSmtpCa, tenantShareRoots } from '../src/config.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----\n';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'usesync-wcfg-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = (yaml: string) => {
  writeFileSync(join(dir, 'worker.yaml'), yaml);
  return () => loadWorkerConfig(join(dir, 'worker.yaml'));
};

describe('the worker reads the provider settings file', () => {
  test('each problem is named with the file, its line and column, and misspellings get a suggestion', () => {
    const file = join(dir, 'worker.yaml');
    expect(load('dataDir: d\nhttp:\n  prot: 1\n')).toThrow(
      expect.objectContaining({
        code: 'WORKER_CONFIG_INVALID',
        message: `Cannot use ${file}:\n  ${file}:3:3: http.prot: unknown key; did you mean \`port\`?`,
      }),
    );
  });

  test('plain http to a remote CA is refused at start', () => {
    expect(
      load('dataDir: d\nswisssign:\n  baseUrl: http://ra.example.com\n  userName: u\n  apiKey: { env: K }\n'),
    ).toThrow(/swisssign\.baseUrl: refused: plain http to ra\.example\.com/);
  });

  test('smtp.tls.ca is resolved next to the file and must be a PEM file that exists', () => {
    const yaml = 'dataDir: d\nsmtp:\n  host: 127.0.0.1\n  tls:\n    ca: ca.pem\n    servername: mail.test\n';
    expect(load(yaml)).toThrow(/smtp\.tls\.ca .*ca\.pem: cannot be read \(ENOENT\)/);
    writeFileSync(join(dir, 'ca.pem'), 'not a certificate');
    expect(load(yaml)).toThrow(/smtp\.tls\.ca .*ca\.pem: expected PEM certificates/);
    writeFileSync(join(dir, 'ca.pem'), PEM);
    const wc = load(yaml)();
    expect(wc.smtp?.tls).toEqual({ ca: join(dir, 'ca.pem'), servername: 'mail.test' });
    expect(readSmtpCa(join(dir, 'ca.pem'))).toBe(PEM);
    mkdirSync(join(dir, 'cadir'));
    expect(() => readSmtpCa(join(dir, 'cadir'))).toThrow(/not a regular file/);
  });

  test('configDir and baseDir are the settings file’s folder', () => {
    const wc = load('dataDir: d\n')();
    expect(wc.configDir).toBe(dir);
    expect(wc.baseDir).toBe(dir);
    expect(wc.dataDir).toBe(join(dir, 'd'));
  });
});

describe('tenants must not share a folder', () => {
  const local = (id: string, root: string): TenantConfig => {
    const c = defaultTenantConfig(id);
    return { ...c, share: { ...c.share, root } };
  };

  test('two tenants with the same root stop the start with both tenants named', async () => {
    await expect(
      assertDisjointShareRoots([local('AAA', 'share'), local('BBB', 'share')], dir),
    ).rejects.toThrow(
      expect.objectContaining({
        code: 'WORKER_CONFIG_INVALID',
        message: expect.stringMatching(/Tenants AAA and BBB share one folder/),
      }),
    );
  });

  test('a root inside another, or a symbolic link into another tenant’s folder, is refused too', async () => {
    await expect(
      assertDisjointShareRoots([local('AAA', 'share'), local('BBB', 'share/BBB')], dir),
    ).rejects.toThrow(/AAA and BBB have overlapping share roots/);
    mkdirSync(join(dir, 'share', 'AAA'), { recursive: true });
    symlinkSync(join(dir, 'share', 'AAA'), join(dir, 'bbb-link'));
    await expect(
      assertDisjointShareRoots([local('AAA', 'share/AAA'), local('BBB', 'bbb-link')], dir),
    ).rejects.toThrow(/Tenants AAA and BBB share one folder/);
  });

  test('own folders per tenant are fine; relative roots are inside the data directory', async () => {
    await expect(
      assertDisjointShareRoots([local('AAA', 'share/AAA'), local('BBB', `${dir}/share/BBB`)], dir),
    ).resolves.toBeUndefined();
    expect(tenantShareRoots([local('AAA', 'share/AAA')], dir)).toEqual([
      { tenant: 'AAA', kind: 'local', root: join(dir, 'share', 'AAA') },
    ]);
  });
});
