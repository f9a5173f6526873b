import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IssueOutcome, SimulatorHandle, SwissSignClient } from '../src/index.js';
import { makeCsr, setup, testKeys } from './helpers.js';

const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const hasOpenssl = openssl.status === 0;
const title = hasOpenssl
  ? `OpenSSL (${openssl.stdout.trim()}) accepts the simulator's certificates`
  : 'OpenSSL checks (SKIPPED: the openssl binary was not found on PATH)';

function run(args: string[], input?: string): { status: number | null; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!hasOpenssl)(title, () => {
  let sim: SimulatorHandle;
  let client: SwissSignClient;
  let dir: string;
  let caFile: string;
  const issued = new Map<string, Extract<IssueOutcome, { kind: 'issued' }>>();

  beforeAll(async () => {
    ({ sim, client } = await setup());
    dir = mkdtempSync(join(tmpdir(), 'usesync-swisssign-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, sim.caCertificatesPem);
    const personal = await client.issue({
      kind: 'personal',
      email: 'max.muster@example.com',
      givenName: 'Max',
      surname: 'Muster',
      csr: await makeCsr({ email: 'max.muster@example.com' }),
      idempotencyKey: 'openssl-personal',
    });
    const team = await client.issue({
      kind: 'team',
      email: 'support@example.com',
      csr: await makeCsr({ email: 'support@example.com' }),
      idempotencyKey: 'openssl-team',
    });
    for (const [name, o] of [
      ['personal', personal],
      ['team', team],
    ] as const) {
      if (o.kind !== 'issued') throw new Error(`${name}: ${o.kind}`);
      issued.set(name, o);
      writeFileSync(join(dir, `${name}.pem`), o.certificate.pem);
    }
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test.each(['personal', 'team'])('the %s certificate passes openssl verify -purpose smimesign', (name) => {
    const r = run(['verify', '-purpose', 'smimesign', '-CAfile', caFile, join(dir, `${name}.pem`)]);
    expect(r.out).toContain(': OK');
    expect(r.status).toBe(0);
  });

  test('the certificate follows the S/MIME baseline profile', () => {
    const o = issued.get('team');
    const cert = new x509.X509Certificate(o?.certificate.der as Uint8Array);
    const text = run(['x509', '-noout', '-text', '-in', join(dir, 'team.pem')]).out;
    expect(text).toMatch(/Extended Key Usage:\s*\n\s*E-mail Protection/);
    expect(text).toMatch(/Key Usage: critical\s*\n\s*Digital Signature, Key Encipherment/);
    expect(text).toContain('email:support@example.com');
    expect(text).toContain('Policy: 2.23.140.1.5.1.2');
    expect(text).toMatch(/Public-Key: \(2048 bit\)/);
    const days = (cert.notAfter.getTime() - cert.notBefore.getTime()) / 86_400_000;
    expect(days).toBeLessThanOrEqual(825);
  });

  test('openssl cms encrypts to the certificate, and the private key decrypts', async () => {
    const keys = await testKeys();
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, x509.PemConverter.encode(pkcs8.buffer, 'PRIVATE KEY'), { mode: 0o600 });
    const message = 'Subject: test\r\n\r\nhello from the simulator\r\n';
    writeFileSync(join(dir, 'msg.txt'), message);
    const enc = run([
      'cms',
      '-encrypt',
      '-aes256',
      '-in',
      join(dir, 'msg.txt'),
      '-out',
      join(dir, 'msg.p7m'),
      join(dir, 'team.pem'),
    ]);
    expect(enc.status, enc.out).toBe(0);
    const dec = run([
      'cms',
      '-decrypt',
      '-in',
      join(dir, 'msg.p7m'),
      '-recip',
      join(dir, 'team.pem'),
      '-inkey',
      keyFile,
    ]);
    expect(dec.status, dec.out).toBe(0);
    expect(dec.out).toContain('hello from the simulator');
  });

  test('after revocation the DER CRL verifies and openssl rejects the certificate with -crl_check', async () => {
    const o = issued.get('personal');
    if (!o) throw new Error('no personal certificate');
    await client.revoke({
      serialNumber: o.certificate.serialNumber,
      issuerName: o.certificate.issuer,
      reason: 'KEY_COMPROMISE',
      requestor: 'Max Muster',
    });
    const response = await fetch(sim.crlUrl);
    expect(response.headers.get('content-type')).toBe('application/pkix-crl');
    const der = join(dir, 'crl.der');
    writeFileSync(der, new Uint8Array(await response.arrayBuffer()));
    const crl = run(['crl', '-inform', 'DER', '-in', der, '-CAfile', caFile, '-noout', '-text']);
    expect(crl.out).toContain('verify OK');
    expect(crl.out).toContain('Key Compromise');
    const pem = join(dir, 'crl.pem');
    writeFileSync(pem, run(['crl', '-inform', 'DER', '-in', der]).out.replace(/^[\s\S]*?(-----BEGIN)/, '$1'));
    const verify = run([
      'verify',
      '-purpose',
      'smimesign',
      '-crl_check',
      '-CAfile',
      caFile,
      '-CRLfile',
      pem,
      join(dir, 'personal.pem'),
    ]);
    expect(verify.out).toContain('certificate revoked');
    expect(verify.status).not.toBe(0);
    expect(readFileSync(join(dir, 'team.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});
