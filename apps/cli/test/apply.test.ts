import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePgpKey } from '@usesync/pgp';
import { describe, expect, test } from 'vitest';
import { fastTenant } from './apply-helpers.js';
import { run, writeIn } from './helpers.js';

const FILE = [
  'smime-state:support@company.com;name:Support;keystate:1;teamcert:1',
  'smime-state:john.doe@company.com;name:John Doe;keystate:1;teamcert:0',
  'pgp-state:jane@company.com;name:Jane Roe;keystate:1;keylength:2048',
  'group:john.doe@company.com;finance',
  'option:RCR 123456;action-id',
  '#####',
  '',
].join('\n');
const RULES = 'group:finance;*;swm:S3cretPass\n*;*;se;ss\n';
const NOW = '2026-11-27T16:00:00Z';

const hasTool = (t: string): boolean => spawnSync(t, ['--version'], { stdio: 'ignore' }).status === 0;

describe('usesync apply', () => {
  test('applies a file, then plan finds only (%), and a second apply is harmless', async () => {
    const { data, env } = await fastTenant();
    const use = writeIn(data, '12345TE_use_import_2026-11-27_1600.useimport', FILE);
    const rules = writeIn(data, '12345TE_rules_2026-11-27_1600.ruleimport', RULES);
    const applied = await run(['apply', '--now', NOW, use, rules], env);
    expect(applied.err).not.toContain('usesync:');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('(+)');
    expect(applied.out).not.toContain('S3cretPass');
    const plan = await run(['plan', '--now', NOW, '--json', use, rules], env);
    expect(plan.code).toBe(0);
    const prefixes = new Set(
      (JSON.parse(plan.out) as { lines: { prefix: string }[] }).lines.map((l) => l.prefix),
    );
    expect(prefixes).toEqual(new Set(['(%)']));
    const again = await run(['apply', '--now', NOW, '--json', use, rules], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).results).toEqual([]);
    const ledger = await run(['ledger', '--json'], env);
    const entries = JSON.parse(ledger.out) as { address: string; kind: string }[];
    expect(entries.map((e) => e.address).sort()).toEqual(['john.doe@company.com', 'support@company.com']);
    const list = await run(['keys', 'list', '--json'], env);
    const keys = JSON.parse(list.out) as { pgp: unknown[]; smime: unknown[] };
    expect([keys.pgp.length, keys.smime.length]).toEqual([1, 2]);
    expect(existsSync(join(data, 'swisssign-sim.json'))).toBe(true);
    const users = await run(['swisssign-users', 'list', '--json'], env);
    expect(JSON.parse(users.out).map((u: { address: string }) => u.address)).toEqual([
      'john.doe@company.com',
      'support@company.com',
    ]);
  });

  test('key files waiting in the share are imported before the sync and removed once imported', async () => {
    const { data, env } = await fastTenant();
    const dir = join(data, 'share', '12345TE', 'keys', 'public');
    mkdirSync(dir, { recursive: true });
    const key = await generatePgpKey({
      address: 'ext@partner.com',
      name: 'Ext Partner',
      keyType: 'Curve25519',
      now: new Date(),
    });
    writeFileSync(join(dir, 'ext.asc'), key.publicKeyArmored);
    writeFileSync(join(dir, 'junk.asc'), 'not a key');
    const use = writeIn(data, '12345TE_use_import_k.useimport', 'group:ext@partner.com;partners\n#####\n');
    const r = await run(['apply', '--json', use], env);
    expect(r.code).toBe(4);
    const imports = JSON.parse(r.out).imports as { file: string; status: string }[];
    expect(imports.map((i) => [i.file, i.status])).toEqual([
      ['ext.asc', 'imported'],
      ['junk.asc', 'failed'],
    ]);
    expect(readdirSync(dir)).toEqual(['junk.asc']);
    const keys = JSON.parse((await run(['keys', 'list', '--json'], env)).out) as {
      pgp: { address: string }[];
    };
    expect(keys.pgp.map((k) => k.address)).toEqual(['ext@partner.com']);
  });

  test('a parse error stops the file before any action (exit 1, error report)', async () => {
    const { data, env } = await fastTenant();
    const bad = writeIn(data, '12345TE_use_import_bad.useimport', 'smime-state:nobody;keystate:7\n#####\n');
    const r = await run(['apply', bad], env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/not applied|was not applied/i);
    const ledger = await run(['ledger', '--json'], env);
    expect(JSON.parse(ledger.out)).toEqual([]);
  });

  test('exported PGP keys import into GnuPG and exported certificates verify with OpenSSL against the CA', async () => {
    const { data, env } = await fastTenant();
    const use = writeIn(data, '12345TE_use_import_x.useimport', FILE);
    // The real clock: GnuPG refuses keys created in its future.
    expect((await run(['apply', use], env)).code).toBe(0);
    const pgp = await run(['keys', 'export', 'jane@company.com', '--pgp'], env);
    expect(pgp.code).toBe(0);
    expect(pgp.out).toContain('BEGIN PGP PUBLIC KEY BLOCK');
    expect(pgp.out).not.toContain('PRIVATE');
    const smime = await run(['keys', 'export', 'john.doe@company.com', '--smime'], env);
    expect(smime.code).toBe(0);
    expect(smime.out).toContain('BEGIN CERTIFICATE');
    const tmp = mkdtempSync(join(tmpdir(), 'usesync-check-'));
    try {
      if (hasTool('gpg')) {
        const home = join(tmp, 'gnupg');
        execFileSync('mkdir', ['-m', '700', home]);
        const out = execFileSync('gpg', ['--homedir', home, '--batch', '--import'], {
          input: pgp.out,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        expect(out).toBeDefined();
        const listed = execFileSync('gpg', ['--homedir', home, '--batch', '--list-keys', '--with-colons'], {
          encoding: 'utf8',
        });
        expect(listed).toContain('jane@company.com');
        spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
      }
      if (spawnSync('openssl', ['version']).status === 0) {
        const sim = JSON.parse(readFileSync(join(data, 'swisssign-sim.json'), 'utf8')) as {
          ca: Record<string, string>;
        };
        // The simulator keeps its CA certificates as base64 DER.
        const pem = (b64: string | undefined): string =>
          `-----BEGIN CERTIFICATE-----\n${(b64 ?? '').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
        const caPem = pem(sim.ca.issuingCert) + pem(sim.ca.rootCert);
        const caFile = join(tmp, 'ca.pem');
        writeFileSync(caFile, caPem);
        const certFile = join(tmp, 'john.pem');
        writeFileSync(certFile, smime.out);
        const v = spawnSync('openssl', ['verify', '-CAfile', caFile, '-purpose', 'smimesign', certFile], {
          encoding: 'utf8',
        });
        expect(v.stdout + v.stderr).toContain(': OK');
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    expect(readdirSync(data)).toContain('usesync.db');
  });
});
