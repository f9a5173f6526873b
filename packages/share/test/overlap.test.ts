import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { assertSeparateShareRoots, findOverlappingShareRoots, type TenantShareRoot } from '../src/index.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'usesync-overlap-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const local = (tenant: string, root: string): TenantShareRoot => ({ tenant, kind: 'local', root });
const sftp = (tenant: string, root: string, username = 'u', port = 22): TenantShareRoot => ({
  tenant,
  kind: 'sftp',
  host: 'sftp.example.com',
  port,
  username,
  root,
});

describe('share root overlap', () => {
  test('separate folders (existing or not) do not overlap', async () => {
    mkdirSync(join(dir, 'share', 'AAA'), { recursive: true });
    const roots = [local('AAA', join(dir, 'share', 'AAA')), local('BBB', join(dir, 'share', 'BBB'))];
    expect(await findOverlappingShareRoots(roots)).toEqual([]);
    await expect(assertSeparateShareRoots(roots)).resolves.toBeUndefined();
  });

  test('two tenants on the same folder are one overlap naming both', async () => {
    const roots = [local('AAA', join(dir, 'share')), local('BBB', `${join(dir, 'share')}/`)];
    const [o, ...rest] = await findOverlappingShareRoots(roots);
    expect(rest).toEqual([]);
    expect(o).toMatchObject({ tenants: ['AAA', 'BBB'], relation: 'same' });
    expect(o?.message).toMatch(/AAA and BBB share one folder/);
  });

  test('a root inside another tenant’s root overlaps', async () => {
    const roots = [local('AAA', join(dir, 'share')), local('BBB', join(dir, 'share', 'BBB'))];
    const [o] = await findOverlappingShareRoots(roots);
    expect(o).toMatchObject({ tenants: ['AAA', 'BBB'], relation: 'inside' });
    expect(o?.message).toMatch(/BBB's .* lies inside AAA's/);
  });

  test('a root reached through a symbolic link is compared by its real path', async () => {
    mkdirSync(join(dir, 'real', 'AAA'), { recursive: true });
    symlinkSync(join(dir, 'real', 'AAA'), join(dir, 'alias'));
    const roots = [local('AAA', join(dir, 'real', 'AAA')), local('BBB', join(dir, 'alias', 'sub'))];
    expect(await findOverlappingShareRoots(roots)).toEqual([
      expect.objectContaining({ tenants: ['AAA', 'BBB'], relation: 'inside' }),
    ]);
    await expect(assertSeparateShareRoots(roots)).rejects.toMatchObject({
      code: 'SHARE_ROOTS_OVERLAP',
      message: expect.stringMatching(/AAA and BBB/),
    });
  });

  test('a folder whose name only starts like another does not overlap it', async () => {
    expect(
      await findOverlappingShareRoots([local('AAA', join(dir, 'a')), local('BBB', join(dir, 'ab'))]),
    ).toEqual([]);
  });

  test('SFTP roots overlap on the same server only; relative roots only for the same user', async () => {
    expect(
      await findOverlappingShareRoots([sftp('AAA', '/upload'), sftp('BBB', '/upload/BBB')]),
    ).toHaveLength(1);
    expect(await findOverlappingShareRoots([sftp('AAA', '.', 'a'), sftp('BBB', '.', 'b')])).toEqual([]);
    expect(await findOverlappingShareRoots([sftp('AAA', '.', 'a'), sftp('BBB', 'x/..', 'a')])).toHaveLength(
      1,
    );
    expect(
      await findOverlappingShareRoots([sftp('AAA', '/upload'), sftp('BBB', '/upload', 'u', 2222)]),
    ).toEqual([]);
    expect(await findOverlappingShareRoots([local('AAA', '/upload'), sftp('BBB', '/upload')])).toEqual([]);
  });
});
