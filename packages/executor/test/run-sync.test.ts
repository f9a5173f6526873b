import { Secret } from '@usesync/domain';
import { generatePgpKey, type KeyPolicy, type PgpKeyRequest } from '@usesync/pgp';
import { afterEach, describe, expect, test } from 'vitest';
import {
  applyPlan,
  exitCodeOf,
  planSync,
  runKeyOf,
  runSync,
  type SyncPorts,
  stemNames,
  type WaitingKeyFile,
} from '../src/index.js';
import { externalCertificate, type Harness, harness, inputsOf, NOW, testConfig } from './fixtures.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const enc = new TextEncoder();
const USE = '12345TE_use_import_2026-12-01_0900.useimport';
const upload = (text: string) => [{ name: USE, bytes: enc.encode(text) }];
const names = (stem: string) => stemNames(stem);

function keyFile(
  name: string,
  folder: 'public' | 'private',
  bytes: Uint8Array,
  removed: string[],
): WaitingKeyFile {
  return { name, folder, bytes, remove: async () => void removed.push(name) };
}

const externalP12 = async (pass: string): Promise<Uint8Array> =>
  (await externalCertificate(h, `ext-${pass}`)).pkcs12(pass);

describe('runSync', () => {
  test('a PKCS#12 and a PGP secret key uploaded with their passphrase lines import on the first run', async () => {
    h = await harness();
    const config = testConfig(h.sim);
    const p12 = await externalP12('p12-upload-pass');
    const pgp = await generatePgpKey({
      address: 'pgp@company.com',
      name: 'Pgp User',
      keyType: 'Curve25519',
      passphrase: new Secret('pgp-upload-pass'),
      now: NOW,
    });
    const removed: string[] = [];
    const delivered: string[] = [];
    const ports: SyncPorts = {
      config,
      deps: h.deps,
      keyFiles: async () => [
        keyFile('ext.p12', 'private', p12, removed),
        keyFile('pgp.asc', 'private', enc.encode(pgp.privateKeyArmored.reveal()), removed),
      ],
      deliver: async (d) => void delivered.push(d.report.text),
    };
    const run = await runSync(
      ports,
      upload('passphrase:p12-upload-pass;smimeimport\npassphrase:pgp-upload-pass;smimeimport\n#####\n'),
      { now: NOW, names },
    );
    expect(run.outcome?.imports.map((r) => [r.file, r.status])).toEqual([
      ['ext.p12', 'imported'],
      ['pgp.asc', 'imported'],
    ]);
    expect(run.plan?.actions.map((a) => a.kind)).toEqual([
      'passphrase-add',
      'passphrase-add',
      'key-import',
      'key-import',
    ]);
    expect(run.status).toBe('ok');
    expect(run.exitCode).toBe(0);
    expect(removed).toEqual(['ext.p12', 'pgp.asc']);
    expect((await h.store.listCertificates('12345TE', 'ext@company.com')).map((c) => c.origin)).toEqual([
      'imported',
    ]);
    expect((await h.store.listPgpKeys('12345TE')).map((k) => k.address)).toEqual(['pgp@company.com']);
    // The plan and the reports never hold the passphrases or the key bytes.
    const shown = JSON.stringify(run.plan) + delivered.join('\n');
    expect(shown).not.toMatch(/p12-upload-pass|pgp-upload-pass|BEGIN PGP PRIVATE/);
  });

  test('a key file that cannot be opened fails the sync (exit 4), and the file stays', async () => {
    h = await harness();
    const config = testConfig(h.sim);
    const p12 = await externalP12('never-given');
    const removed: string[] = [];
    const run = await runSync(
      { config, deps: h.deps, keyFiles: async () => [keyFile('x.p12', 'private', p12, removed)] },
      upload('#####\n'),
      { now: NOW, names },
    );
    expect(run.outcome?.imports.map((r) => r.status)).toEqual(['failed']);
    expect(run.status).toBe('failed');
    expect(run.exitCode).toBe(4);
    expect(removed).toEqual([]);
    expect(run.delivery?.report.text).toMatch(/1 failed/);
  });

  test('a refused line (!) makes the sync partial; a parse error exits 1 and delivers the error report', async () => {
    h = await harness();
    const config = testConfig(h.sim, (c) => ({ ...c, smime: { ...c.smime, maxLiveCertificates: 0 } }));
    const run = await runSync(
      { config, deps: h.deps },
      upload('smime-state:a@company.com;name:A;keystate:1;teamcert:0\n#####\n'),
      { now: NOW, names },
    );
    expect(run.plan?.lines.map((l) => l.prefix)).toEqual(['(!)']);
    expect(run.status).toBe('partial');
    expect(run.exitCode).toBe(4);
    const files: string[] = [];
    const bad = await runSync(
      { config, deps: h.deps, deliver: async (d) => void files.push(...d.files.map((f) => f.name)) },
      upload('passphrase=hunter2;smimeimport\n#####\n'),
      { now: NOW, names },
    );
    expect(bad.status).toBe('parse-error');
    expect(bad.exitCode).toBe(1);
    expect(files).toEqual(['12345TE_use_import_2026-12-01_0900.error-report.txt']);
    expect(exitCodeOf('refused')).toBe(1);
  });

  test('a run interrupted after ordering is resumed by the next holder, whose reports hold every certificate of the run', async () => {
    h = await harness();
    const config = testConfig(h.sim);
    const file = [
      'smime-state:a@company.com;name:Anna A;keystate:1;teamcert:0',
      'smime-state:b@company.com;name:Bert B;keystate:1;teamcert:0',
      '#####',
      '',
    ].join('\n');
    const inputs = inputsOf(file);
    // The first holder orders a@ and dies before b@ (the signal stands in for the lost lease).
    const stop = new AbortController();
    const first = await planSync(h.store, config, inputs, { now: NOW });
    await applyPlan(h.deps, config, first, {
      now: NOW,
      runKey: runKeyOf(inputs),
      concurrency: 1,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.actionId === 'smime-create:a@company.com') stop.abort(new Error('lease lost'));
      },
    });
    expect(h.sim.orders()).toHaveLength(1);
    // The next holder re-plans (a@ now has its certificate) and resumes the same journal run.
    const run = await runSync({ config, deps: h.deps }, [{ name: USE, bytes: inputs.useImport!.bytes }], {
      now: NOW,
      names,
    });
    expect(h.sim.orders()).toHaveLength(2);
    expect(run.outcome?.certificates.map((c) => c.address).sort()).toEqual([
      'a@company.com',
      'b@company.com',
    ]);
    const lines = run.outcome?.plan.lines.map((l) => [l.address, l.prefix]);
    expect(lines).toEqual([
      ['a@company.com', '(+)'],
      ['b@company.com', '(+)'],
    ]);
    const smime = run.delivery?.smimeReport?.text ?? '';
    expect(smime).toContain('a@company.com');
    expect(smime).toContain('b@company.com');
    expect(run.delivery?.files.map((f) => f.name)).toContain(
      '12345TE_use_import_2026-12-01_0900.certificates.zip',
    );
  });
});

describe('one minimum PGP key size', () => {
  test('a 1024-bit key allowed by pgp.allowWeakKeys is planned and created, not failed at generation', async () => {
    h = await harness();
    const config = testConfig(h.sim, (c) => ({
      ...c,
      pgp: { ...c.pgp, allowWeakKeys: true, minimumKeyLength: 1024 },
    }));
    const deps = {
      ...h.deps,
      pgp: {
        generate: (r: PgpKeyRequest, policy?: KeyPolicy) => generatePgpKey(r, policy ? { policy } : {}),
      },
    };
    const run = await runSync(
      { config, deps },
      upload('pgp-state:weak@company.com;name:Weak Key;keystate:1;keylength:1024\n#####\n'),
      { now: NOW, names },
    );
    expect(run.plan?.lines.map((l) => l.prefix)).toEqual(['(+)']);
    expect(run.status, JSON.stringify(run.outcome?.results)).toBe('ok');
    expect((await h.store.listPgpKeys('12345TE')).map((k) => k.bits)).toEqual([1024]);
  });
});
