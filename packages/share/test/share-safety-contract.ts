// What every Share must refuse: real paths leaving the root, links, special files, bad names.
// Run against LocalShare (temp folder) and SftpShare (a real OpenSSH sshd).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { listUploads, MAX_UPLOAD_NAME_BYTES, readKeyFolder, type Share } from '../src/index.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const mkfifo = (path: string) => execFileSync('mkfifo', [path]);

/**
 * Registers the safety tests; `open` gives a share over the folder `root()` on disk (the SFTP
 * server serves that same folder), `options` a share with extra options (`fileMode`).
 * `undecodable` is how the share shows the byte 0xff in a name.
 */
export function shareSafetyContract(
  open: (options?: { fileMode?: number }) => Share,
  root: () => string,
  undecodable: string,
): void {
  // Another tenant's folder, beside the share root (outside it).
  const other = () => `${root()}-other-tenant`;
  afterEach(() => rmSync(other(), { recursive: true, force: true }));
  const makeOther = () => {
    mkdirSync(join(other(), 'use'), { recursive: true });
    mkdirSync(join(other(), 'keys', 'private'), { recursive: true });
    writeFileSync(join(other(), 'use', 'BBB_x.useimport'), 'foreign upload\n#####\n');
    writeFileSync(join(other(), 'keys', 'private', 'b.p12'), 'foreign key');
    writeFileSync(join(other(), 'old-report.txt'), 'foreign report');
  };

  test('a return folder linked outside the share is refused: no listing, no pushback, no retention delete', async () => {
    makeOther();
    symlinkSync(other(), join(root(), 'return'));
    const share = open();
    await expect(share.list('return')).rejects.toMatchObject({ code: 'SHARE_OUTSIDE_ROOT' });
    await expect(share.write('return/r.txt', bytes('pushback'))).rejects.toMatchObject({
      code: 'SHARE_OUTSIDE_ROOT',
    });
    await expect(share.remove('return/old-report.txt')).rejects.toMatchObject({ code: 'SHARE_OUTSIDE_ROOT' });
    expect(existsSync(join(other(), 'r.txt'))).toBe(false);
    expect(readFileSync(join(other(), 'old-report.txt'), 'utf8')).toBe('foreign report');
  });

  test('mkdir below a folder linked outside the share is refused and creates nothing there', async () => {
    makeOther();
    symlinkSync(other(), join(root(), 'return'));
    const share = open();
    await expect(share.mkdir('return/sub')).rejects.toMatchObject({ code: 'SHARE_OUTSIDE_ROOT' });
    expect(existsSync(join(other(), 'sub'))).toBe(false);
  });

  test("a use folder linked to another tenant's folder is refused: its uploads are neither listed nor deleted", async () => {
    makeOther();
    symlinkSync(join(other(), 'use'), join(root(), 'use'));
    const share = open();
    await expect(listUploads(share, 'use')).rejects.toMatchObject({ code: 'SHARE_OUTSIDE_ROOT' });
    await expect(share.read('use/BBB_x.useimport')).rejects.toMatchObject({ code: 'SHARE_OUTSIDE_ROOT' });
    await expect(share.remove('use/BBB_x.useimport')).rejects.toMatchObject({ code: 'SHARE_OUTSIDE_ROOT' });
    expect(existsSync(join(other(), 'use', 'BBB_x.useimport'))).toBe(true);
  });

  test("a key folder linked to another tenant's keys is read as one outside-root refusal", async () => {
    makeOther();
    mkdirSync(join(root(), 'keys'));
    symlinkSync(join(other(), 'keys', 'private'), join(root(), 'keys', 'private'));
    const share = open();
    const folder = await readKeyFolder(share, 'keys/private');
    expect(folder.files).toEqual([]);
    expect(folder.refused).toEqual([
      expect.objectContaining({ name: 'keys/private', code: 'outside-root', addressable: false }),
    ]);
    await expect(share.read('keys/private/b.p12')).rejects.toMatchObject({ code: 'SHARE_OUTSIDE_ROOT' });
    expect(existsSync(join(other(), 'keys', 'private', 'b.p12'))).toBe(true);
  });

  test('a folder linked to another folder inside the share is used', async () => {
    mkdirSync(join(root(), 'incoming'));
    writeFileSync(join(root(), 'incoming', 'AAA_a.useimport'), 'x');
    symlinkSync(join(root(), 'incoming'), join(root(), 'use'));
    const share = open();
    expect((await listUploads(share, 'use')).files.map((e) => e.name)).toEqual(['AAA_a.useimport']);
    expect(text(await share.read('use/AAA_a.useimport'))).toBe('x');
  });

  test('key files that are links (even inside the share), FIFOs or folders are refused with a reason, the rest read', async () => {
    makeOther();
    mkdirSync(join(root(), 'keys', 'private'), { recursive: true });
    const dir = join(root(), 'keys', 'private');
    writeFileSync(join(dir, 'a.p12'), 'key a');
    writeFileSync(join(root(), 'inside.p12'), 'inside');
    symlinkSync(join(other(), 'keys', 'private', 'b.p12'), join(dir, 'b.p12'));
    symlinkSync(join(root(), 'inside.p12'), join(dir, 'c.p12'));
    mkfifo(join(dir, 'd.p12'));
    mkdirSync(join(dir, 'e.p12'));
    writeFileSync(join(dir, '.f.p12.0123.part'), 'temporary');
    const share = open();
    const folder = await readKeyFolder(share, 'keys/private');
    expect(folder.files.map((f) => [f.name, f.path, text(f.bytes)])).toEqual([
      ['a.p12', 'keys/private/a.p12', 'key a'],
    ]);
    expect(folder.refused.map((r) => [r.name, r.code])).toEqual([
      ['b.p12', 'symlink'],
      ['c.p12', 'symlink'],
      ['d.p12', 'special-file'],
      ['e.p12', 'directory'],
    ]);
    expect(folder.refused[2]?.reason).toMatch(/FIFO/);
  });

  test('a key file over the size limit is refused without being read', async () => {
    mkdirSync(join(root(), 'keys', 'public'), { recursive: true });
    writeFileSync(join(root(), 'keys', 'public', 'big.asc'), 'x'.repeat(100));
    const folder = await readKeyFolder(open(), 'keys/public', { maxFileBytes: 10 });
    expect(folder.refused).toEqual([expect.objectContaining({ name: 'big.asc', code: 'too-large' })]);
  });

  test('a FIFO swapped in after the listing is refused at once, not waited on', async () => {
    const share = open();
    await share.mkdir('use');
    writeFileSync(join(root(), 'use', 'AAA_a.useimport'), 'x');
    expect((await listUploads(share, 'use')).files.map((e) => e.name)).toEqual(['AAA_a.useimport']);
    unlinkSync(join(root(), 'use', 'AAA_a.useimport'));
    mkfifo(join(root(), 'use', 'AAA_a.useimport'));
    await expect(share.read('use/AAA_a.useimport')).rejects.toMatchObject({ code: 'SHARE_NOT_A_FILE' });
  });

  test('a name that is not UTF-8 is a refused entry (escaped) and the other uploads are listed', async () => {
    const share = open();
    await share.mkdir('use');
    const raw = Buffer.concat([
      Buffer.from(`${root()}/use/AAA_a`),
      Buffer.from([0xff]),
      Buffer.from('.useimport'),
    ]);
    writeFileSync(raw, 'x');
    writeFileSync(join(root(), 'use', 'AAA_b.useimport'), 'y');
    const listing = await listUploads(share, 'use');
    expect(listing.files.map((e) => e.name)).toEqual(['AAA_b.useimport']);
    expect(listing.refused).toEqual([
      {
        name: `AAA_a${undecodable}.useimport`,
        code: 'undecodable-name',
        reason: expect.stringMatching(/not valid UTF-8/),
        addressable: false,
      },
    ]);
    const entry = (await share.list('use')).find((e) => e.name.startsWith('AAA_a'));
    expect(entry?.refusal?.code).toBe('undecodable-name');
  });

  test(`an upload name over ${MAX_UPLOAD_NAME_BYTES} bytes is refused at listing; one of exactly that length is not`, async () => {
    const share = open();
    await share.mkdir('use');
    const suffix = '.useimport';
    const fits = `AAA_${'x'.repeat(MAX_UPLOAD_NAME_BYTES - 4 - suffix.length)}${suffix}`;
    const tooLong = `AAA_${'y'.repeat(MAX_UPLOAD_NAME_BYTES - 3 - suffix.length)}${suffix}`;
    writeFileSync(join(root(), 'use', fits), 'x');
    writeFileSync(join(root(), 'use', tooLong), 'y');
    const listing = await listUploads(share, 'use');
    expect(listing.files.map((e) => e.name)).toEqual([fits]);
    expect(listing.refused).toEqual([
      expect.objectContaining({ name: tooLong, code: 'name-too-long', addressable: true }),
    ]);
    // Every report file named after the accepted upload can be pushed back.
    const stem = fits.slice(0, -suffix.length);
    await share.mkdir('return');
    for (const s of ['.watchdog-report.txt', '.semi-automatic.csv', '.error-report.txt', '.certificates.zip'])
      await share.write(`return/${stem}${s}`, bytes('r'));
    expect((await share.list('return')).length).toBe(4);
  });

  test('pushback files are created 0640, or with the configured mode', async () => {
    const share = open();
    await share.mkdir('return');
    await share.write('return/r.txt', bytes('r'));
    expect(statSync(join(root(), 'return', 'r.txt')).mode & 0o777).toBe(0o640);
    await open({ fileMode: 0o600 }).write('return/s.txt', bytes('s'));
    expect(statSync(join(root(), 'return', 's.txt')).mode & 0o777).toBe(0o600);
  });

  test('a pushback over a link replaces the link and never writes through it', async () => {
    makeOther();
    await open().mkdir('return');
    symlinkSync(join(other(), 'old-report.txt'), join(root(), 'return', 'r.txt'));
    await open().write('return/r.txt', bytes('new'));
    expect(readFileSync(join(other(), 'old-report.txt'), 'utf8')).toBe('foreign report');
    expect(readFileSync(join(root(), 'return', 'r.txt'), 'utf8')).toBe('new');
  });
}
