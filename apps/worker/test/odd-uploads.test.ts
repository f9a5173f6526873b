import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret } from '@usesync/domain';
import { openStore } from '@usesync/executor';
import { generatePgpKey } from '@usesync/pgp';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { dropExamples, type LocalWorker, startLocalWorker, USE_EXAMPLE } from './helpers.js';

describe('hostile entries in use/ and the key folders', () => {
  let t: LocalWorker;
  let dataDir = '';
  const share = () => t.share();
  beforeEach(async () => {
    t = await startLocalWorker();
    dataDir = t.dataDir;
  });
  afterEach(() => t.stop());

  test('a name that is not UTF-8 is reported once and does not block the next upload', async () => {
    const use = join(share(), 'use');
    mkdirSync(use, { recursive: true });
    const bad = Buffer.concat([
      Buffer.from(`${use}/12345TE_`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('.useimport'),
    ]);
    writeFileSync(bad, 'group:a@company.com;g\n#####\n');
    dropExamples(use, [USE_EXAMPLE]);
    await t.worker.pollOnce();
    await t.worker.pollOnce();
    await t.worker.pollOnce();
    const ret = readdirSync(join(share(), 'return'));
    expect(ret).toContain('12345TE_use_import_2022-06-01_1600.sync-report.txt');
    const refused = ret.filter((f) => f.startsWith('12345TE_refused_'));
    expect(refused).toHaveLength(1); // reported once, not on every poll
    expect(readFileSync(join(share(), 'return', refused[0] ?? ''), 'utf8')).toMatch(
      /12345TE_\\xff\\xfe\.useimport/,
    );
  });

  test('a FIFO, a folder and a link leading out of the share in keys/private are refused with a report line; the sync goes on', async () => {
    const priv = join(share(), 'keys', 'private');
    mkdirSync(priv, { recursive: true });
    execFileSync('mkfifo', [join(priv, 'pipe.p12')]);
    mkdirSync(join(priv, 'folder.p12'));
    const outside = join(dataDir, 'outside.p12');
    writeFileSync(outside, 'secret bytes of another tenant');
    symlinkSync(outside, join(priv, 'link.p12'));
    dropExamples(join(share(), 'use'), [USE_EXAMPLE]);
    await t.worker.pollOnce();
    await t.worker.pollOnce();
    const report = readFileSync(
      join(share(), 'return', '12345TE_use_import_2022-06-01_1600.sync-report.txt'),
      'utf8',
    );
    expect(report).toMatch(/pipe\.p12/);
    expect(report).toMatch(/folder\.p12/);
    expect(report).toMatch(/link\.p12/);
    expect(report).toMatch(/Result: +partial/);
    expect(readdirSync(priv).sort()).toEqual(['folder.p12', 'link.p12', 'pipe.p12']); // nothing removed
    expect(t.lines.join('')).toContain('"msg":"sync finished"');
  });
});

describe('key files uploaded with their passphrase', () => {
  let t: LocalWorker;
  beforeEach(async () => {
    t = await startLocalWorker();
  });
  afterEach(() => t.stop());

  test('a PGP private key and its passphrase line in one upload import on the first sync', async () => {
    const key = await generatePgpKey({
      address: 'ext.pgp@company.com',
      name: 'Ext Pgp',
      keyType: 'Curve25519',
      passphrase: new Secret('first-run-pass'),
      now: new Date(),
    });
    const priv = t.share('keys', 'private');
    mkdirSync(priv, { recursive: true });
    writeFileSync(join(priv, 'ext.asc'), key.privateKeyArmored.reveal());
    mkdirSync(t.share('use'), { recursive: true });
    writeFileSync(
      t.share('use', '12345TE_keys_1.useimport'),
      'passphrase:first-run-pass;smimeimport\n#####\n',
    );
    await t.worker.pollOnce();
    await t.worker.pollOnce();
    expect(readdirSync(priv)).toEqual([]); // imported, so removed
    const report = readFileSync(t.share('return', '12345TE_keys_1.sync-report.txt'), 'utf8');
    expect(report).toMatch(/Result: +applied/);
    expect(report).toContain('ext.asc');
    expect(report).not.toContain('first-run-pass');
    const store = openStore(t.dataDir, {}, true);
    try {
      expect((await store.listPgpKeys('12345TE')).map((k) => [k.address, k.origin])).toEqual([
        ['ext.pgp@company.com', 'imported'],
      ]);
    } finally {
      await store.close();
    }
  });
});
