import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { assertSafeDataDir, openDataDirStore } from '../src/data-dir.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'usesync-datadir-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the data directory', () => {
  test('a world-writable data directory is refused on open, naming it, its mode and the fix', async () => {
    const dir = join(root, 'data');
    const store = openDataDirStore({ dataDir: dir, create: true, env: {} });
    await store.close();
    chmodSync(dir, 0o777);
    expect(() => openDataDirStore({ dataDir: dir, env: {} })).toThrow(
      expect.objectContaining({
        code: 'DATA_DIR_UNSAFE',
        message: `Cannot use the data directory ${dir}: it is writable by everyone (mode 777), so anyone could replace the store or the key; run chmod 700 ${dir}`,
      }),
    );
    expect(() => openDataDirStore({ dataDir: dir, env: {}, readOnly: true })).toThrow(
      /DATA_DIR_UNSAFE|writable by everyone/,
    );
  });

  test('a sticky world-writable directory (like /tmp) is refused too, also for usesync init', () => {
    const dir = join(root, 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o1777);
    expect(() => openDataDirStore({ dataDir: dir, create: true, env: {} })).toThrow(/mode 1777/);
    expect(statSync(join(dir), { throwIfNoEntry: false })?.isDirectory()).toBe(true);
    expect(() => statSync(join(dir, 'kek'))).toThrow(/ENOENT/);
  });

  test('a directory private to the user, or readable by the group, is accepted', async () => {
    for (const mode of [0o700, 0o750, 0o755]) {
      const dir = mkdtempSync(join(root, 'ok-'));
      chmodSync(dir, mode);
      const store = openDataDirStore({ dataDir: dir, create: true, env: {} });
      await store.close();
    }
  });

  test('a file in place of the directory is refused; a missing directory is left to the caller', () => {
    const file = join(root, 'file');
    writeFileSync(file, '');
    expect(() => assertSafeDataDir(file)).toThrow(
      expect.objectContaining({
        code: 'DATA_DIR_INVALID',
        message: expect.stringMatching(/not a directory/),
      }),
    );
    expect(() => assertSafeDataDir(join(root, 'missing'))).not.toThrow();
  });
});
