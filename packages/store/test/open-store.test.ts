import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { KeyEncryptionKey, openStoreFromUrl, parseStoreLocation, STORE_FILE } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('store locations', () => {
  test.each([
    ['.usesync', { engine: 'sqlite', file: join('.usesync', STORE_FILE), dataDir: '.usesync' }],
    [
      '/var/lib/usesync',
      { engine: 'sqlite', file: `/var/lib/usesync/${STORE_FILE}`, dataDir: '/var/lib/usesync' },
    ],
    ['sqlite:/srv/data', { engine: 'sqlite', file: `/srv/data/${STORE_FILE}`, dataDir: '/srv/data' }],
    ['sqlite:///srv/usesync.db', { engine: 'sqlite', file: '/srv/usesync.db' }],
    ['sqlite:state/usesync.sqlite', { engine: 'sqlite', file: 'state/usesync.sqlite' }],
    ['sqlite::memory:', { engine: 'sqlite', file: ':memory:' }],
    ['postgres://u@db.internal:5432/use', { engine: 'postgres', url: 'postgres://u@db.internal:5432/use' }],
    [
      'postgresql://u@10.0.0.5/use?schema=tenant_a&sslmode=require',
      { engine: 'postgres', url: 'postgresql://u@10.0.0.5/use?sslmode=require', schema: 'tenant_a' },
    ],
  ])('%s is read as %j', (location, expected) => {
    expect(parseStoreLocation(location)).toEqual(expected);
  });

  test('other schemes are refused without echoing a password', () => {
    expect(() => parseStoreLocation('mysql://root:hunter2@db/use')).toThrow(
      expect.objectContaining({
        code: 'STORE_URL_UNSUPPORTED',
        message: expect.not.stringContaining('hunter2'),
      }),
    );
    expect(() => parseStoreLocation('sqlite:')).toThrow(
      expect.objectContaining({ code: 'STORE_URL_INVALID' }),
    );
  });

  test('a data directory opens SQLite by default, creating it with its key file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'usesync-open-')), 'data');
    dirs.push(dir);
    const store = await openStoreFromUrl(dir, { create: true, env: {} });
    await store.setRuleSet('T1', 'rule x');
    await store.close();
    expect(statSync(join(dir, 'kek')).mode & 0o777).toBe(0o600);
    const again = await openStoreFromUrl(`sqlite:${dir}`, { env: {} });
    expect(await again.getRuleSet('T1')).toBe('rule x');
    await again.close();
  });

  test('a PostgreSQL URL without a key in the environment is refused before connecting', async () => {
    await expect(openStoreFromUrl('postgres://u@127.0.0.1:1/x', { env: {} })).rejects.toMatchObject({
      code: 'KEK_MISSING',
    });
    const kek = KeyEncryptionKey.generate();
    await expect(openStoreFromUrl('postgres://u@127.0.0.1:1/x', { kek })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
  });
});
