import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { KEK_FILE, loadKek } from '../src/kek-file.js';

const KEY = `${Buffer.alloc(32, 7).toString('base64')}\n`;
const isRoot = process.getuid?.() === 0;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'usesync-kek-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeKey = (mode = 0o600) => {
  const file = join(dir, KEK_FILE);
  writeFileSync(file, KEY, { mode });
  chmodSync(file, mode);
  return file;
};

describe('the key file', () => {
  test('a private key file of the current user is read', () => {
    writeKey();
    expect(loadKek({ dataDir: dir, env: {} }).source).toBe('file');
  });

  test.each([0o640, 0o604, 0o644, 0o660])('mode %o (group or others may read it) is refused', (mode) => {
    const file = writeKey(mode);
    expect(() => loadKek({ dataDir: dir, env: {} })).toThrow(
      expect.objectContaining({
        code: 'KEK_PERMISSIONS',
        message: `Cannot use the key file ${file}: it is accessible by group or others (mode ${mode.toString(8)}); run chmod 600`,
      }),
    );
  });

  test.skipIf(!isRoot)('a key file owned by another user is refused, naming both uids', () => {
    const file = writeKey();
    chownSync(file, 4242, 4242);
    expect(() => loadKek({ dataDir: dir, env: {} })).toThrow(
      expect.objectContaining({
        code: 'KEK_PERMISSIONS',
        message: `Cannot use the key file ${file}: it is owned by uid 4242, not by the user running usesync (uid 0); run chown 0 ${file}`,
      }),
    );
  });

  test('a key file in a directory everyone may write to is refused (the key could be swapped)', () => {
    writeKey();
    chmodSync(dir, 0o777);
    expect(() => loadKek({ dataDir: dir, env: {} })).toThrow(
      expect.objectContaining({
        code: 'KEK_PERMISSIONS',
        message: expect.stringMatching(/its directory .* is writable by everyone \(mode 777\)/),
      }),
    );
    expect(() => loadKek({ dataDir: dir, env: {}, create: true })).toThrow(/writable by everyone/);
  });

  test('no key is created in a directory everyone may write to', () => {
    chmodSync(dir, 0o1777);
    expect(() => loadKek({ dataDir: dir, env: {}, create: true })).toThrow(/mode 1777/);
    expect(() => loadKek({ dataDir: dir, env: {} })).toThrow(
      expect.objectContaining({ code: 'KEK_MISSING' }),
    );
  });

  test('a directory in place of the key file is refused as not a regular file', () => {
    mkdirSync(join(dir, KEK_FILE), { mode: 0o700 });
    expect(() => loadKek({ dataDir: dir, env: {} })).toThrow(
      expect.objectContaining({ code: 'KEK_INVALID', message: expect.stringMatching(/not a regular file/) }),
    );
  });

  test('errors never contain the key', () => {
    writeKey(0o644);
    try {
      loadKek({ dataDir: dir, env: {} });
    } catch (e) {
      expect(String((e as Error).message)).not.toContain(KEY.trim());
    }
  });

  test('USESYNC_KEK wins and no file or directory is checked', () => {
    chmodSync(dir, 0o777);
    expect(loadKek({ dataDir: dir, env: { USESYNC_KEK: KEY } }).source).toBe('env');
  });
});
