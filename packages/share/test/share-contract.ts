// The behaviour every Share implementation must show; run against LocalShare and SftpShare.
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Share } from '../src/index.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Registers the contract tests; `open` gives a share over the folder `root()` on disk. */
export function shareContract(open: () => Share, root: () => string): void {
  test('writes, lists and reads back a file with its size and mtime', async () => {
    const share = open();
    await share.mkdir('use');
    await share.write('use/12345TE_a.useimport', bytes('hello\n#####\n'));
    const entries = await share.list('use');
    expect(entries.map((e) => [e.name, e.kind, e.size])).toEqual([['12345TE_a.useimport', 'file', 12]]);
    expect(entries[0]?.mtimeMs).toBeGreaterThan(Date.UTC(2020, 0, 1));
    expect(text(await share.read('use/12345TE_a.useimport'))).toBe('hello\n#####\n');
  });

  test('an overwrite replaces the file whole and leaves no temporary file behind', async () => {
    const share = open();
    await share.mkdir('return');
    await share.write('return/r.txt', bytes('first version, longer'));
    await share.write('return/r.txt', bytes('second'));
    expect(text(await share.read('return/r.txt'))).toBe('second');
    expect((await share.list('return')).map((e) => e.name)).toEqual(['r.txt']);
  });

  test('mkdir creates parents and accepts an existing folder', async () => {
    const share = open();
    await share.mkdir('keys/public');
    await share.mkdir('keys/public');
    expect((await share.list('keys')).map((e) => [e.name, e.kind])).toEqual([['public', 'dir']]);
  });

  test('remove says whether the file was there', async () => {
    const share = open();
    await share.mkdir('tmp');
    await share.write('tmp/x', bytes('x'));
    expect(await share.remove('tmp/x')).toBe(true);
    expect(await share.remove('tmp/x')).toBe(false);
  });

  test('listing or reading what does not exist is SHARE_NOT_FOUND', async () => {
    const share = open();
    await expect(share.list('nowhere')).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
    await share.mkdir('use');
    await expect(share.read('use/missing.useimport')).rejects.toMatchObject({ code: 'SHARE_NOT_FOUND' });
  });

  test.each([
    ['../escape'],
    ['use/../../etc/passwd'],
    ['/etc/passwd'],
    ['use\\x.useimport'],
    ['use/a\u0001b'],
    ['use/a\nb'],
    ['use/..'],
  ])('the unsafe path %j is refused before any I/O', async (path) => {
    const share = open();
    await expect(share.read(path)).rejects.toMatchObject({ code: 'SHARE_UNSAFE_NAME' });
    await expect(share.write(path, bytes('x'))).rejects.toMatchObject({ code: 'SHARE_UNSAFE_NAME' });
    await expect(share.remove(path)).rejects.toMatchObject({ code: 'SHARE_UNSAFE_NAME' });
  });

  test('a symbolic link is listed as other and never followed', async () => {
    const share = open();
    await share.mkdir('use');
    writeFileSync(join(root(), 'secret.txt'), 'do not read');
    symlinkSync(join(root(), 'secret.txt'), join(root(), 'use', '12345TE_link.useimport'));
    const entry = (await share.list('use')).find((e) => e.name === '12345TE_link.useimport');
    expect(entry?.kind).toBe('other');
    await expect(share.read('use/12345TE_link.useimport')).rejects.toMatchObject({
      code: 'SHARE_NOT_A_FILE',
    });
  });

  test('a file with a control character in its name is listed verbatim (for the caller to refuse)', async () => {
    const share = open();
    await share.mkdir('use');
    writeFileSync(join(root(), 'use', '12345TE_bad\u0007.useimport'), 'x');
    expect((await share.list('use')).map((e) => e.name)).toContain('12345TE_bad\u0007.useimport');
  });
}
