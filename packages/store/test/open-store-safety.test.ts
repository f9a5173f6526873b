import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openStoreFromUrl } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('a world-writable data directory is refused also when the key comes from USESYNC_KEK', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'usesync-open-'));
  dirs.push(dir);
  chmodSync(dir, 0o777);
  const env = { USESYNC_KEK: randomBytes(32).toString('base64') };
  await expect(openStoreFromUrl(dir, { env, create: true })).rejects.toMatchObject({
    code: 'DATA_DIR_UNSAFE',
  });
  chmodSync(dir, 0o700);
  const store = await openStoreFromUrl(dir, { env, create: true });
  await store.close();
});
