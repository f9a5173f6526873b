import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadWorkerConfig, parseWorkerConfig, storeLocationOf } from '../src/index.js';

test('defaults are filled in and a relative dataDir is resolved against the config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'usesync-wcfg-'));
  writeFileSync(join(dir, 'worker.yaml'), 'dataDir: data\n');
  const c = loadWorkerConfig(join(dir, 'worker.yaml'));
  expect(c).toMatchObject({
    dataDir: join(dir, 'data'),
    pollIntervalSeconds: 30,
    maxParallelTenants: 4,
    http: { host: '127.0.0.1', port: 9464 },
    logLevel: 'info',
    returnRetentionDays: 30,
  });
  expect(c.smtp).toBeUndefined();
  expect(c.swisssign).toBeUndefined();
});

test('every problem is reported with its key path', () => {
  expect(() =>
    parseWorkerConfig(
      {
        dataDir: '/d',
        http: { host: '0.0.0.0', port: 70000 },
        smtp: { port: 25 },
        tenants: ['bad id'],
        extra: 1,
      },
      '/',
    ),
  ).toThrow(
    expect.objectContaining({
      code: 'WORKER_CONFIG_INVALID',
      message: expect.stringMatching(
        /tenants\[0\]: expected a tenant id[\s\S]*http\.host: expected a loopback address[\s\S]*http\.port[\s\S]*smtp\.host: is required[\s\S]*extra: unknown key/,
      ),
    }),
  );
});

test('a secret is named by reference, never inline', () => {
  expect(() =>
    parseWorkerConfig(
      { dataDir: '/d', swisssign: { baseUrl: 'http://127.0.0.1:1', userName: 'u', apiKey: 'inline' } },
      '/',
    ),
  ).toThrow(/swisssign\.apiKey: expected \{ env: NAME \} or \{ file: path \}/);
});

test('the store: the setting (a relative path next to the config file), else USESYNC_STORE, else the data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'usesync-wcfg-'));
  const pg = 'postgres://usesync@127.0.0.1:5432/usesync?schema=usesync';
  const given = parseWorkerConfig({ dataDir: 'data', store: pg }, dir);
  expect(storeLocationOf(given, { USESYNC_STORE: '/elsewhere' })).toEqual({ location: pg, explicit: true });
  const relative = parseWorkerConfig({ dataDir: 'data', store: 'shared-data' }, dir);
  expect(relative.store).toBe(join(dir, 'shared-data'));
  expect(parseWorkerConfig({ dataDir: 'data', store: 'sqlite:x.db' }, dir).store).toBe('sqlite:x.db');
  const plain = parseWorkerConfig({ dataDir: 'data' }, dir);
  expect(storeLocationOf(plain, { USESYNC_STORE: pg })).toEqual({ location: pg, explicit: true });
  expect(storeLocationOf(plain, {})).toEqual({ location: join(dir, 'data'), explicit: false });
  expect(plain.coordination).toEqual({ leaseTtlSeconds: 30 });
  expect(() => parseWorkerConfig({ dataDir: 'd', coordination: { leaseTtlSeconds: 0 } }, dir)).toThrow(
    /coordination\.leaseTtlSeconds/,
  );
});
