import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTenantConfig } from '@usesync/executor';
import { describe, expect, test } from 'vitest';
import { run, tempDir } from './helpers.js';

describe('usesync init', () => {
  test('every tenant gets its own share root, so two tenants never share one folder', async () => {
    const data = tempDir('usesync-init-');
    expect((await run(['init', '--data', data, '--tenant', 'AAA1'])).code).toBe(0);
    const second = await run(['init', '--data', data, '--tenant', 'BBB2']);
    expect(second.code).toBe(0);
    expect(second.err).toBe('');
    expect(loadTenantConfig(data, 'AAA1').share.root).toBe('share/AAA1');
    expect(loadTenantConfig(data, 'BBB2').share.root).toBe('share/BBB2');
  });

  test('a tenant whose older config still uses the shared folder is named in a warning', async () => {
    const data = tempDir('usesync-init-');
    expect((await run(['init', '--data', data, '--tenant', 'AAA1'])).code).toBe(0);
    const path = join(data, 'tenants', 'AAA1.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('root: share/AAA1', 'root: share'));
    const r = await run(['init', '--data', data, '--tenant', 'BBB2']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/tenants BBB2 and AAA1 share the folder .*overlapping share roots/);
  });

  test('an existing config is kept as it is', async () => {
    const data = tempDir('usesync-init-');
    expect((await run(['init', '--data', data, '--tenant', 'AAA1'])).code).toBe(0);
    const path = join(data, 'tenants', 'AAA1.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('root: share/AAA1', 'root: elsewhere'));
    const again = await run(['init', '--data', data, '--tenant', 'AAA1']);
    expect(again.out).toMatch(/kept the existing/);
    expect(loadTenantConfig(data, 'AAA1').share.root).toBe('elsewhere');
  });
});
