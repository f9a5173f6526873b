import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { certificateFileName, certificatesZip, renderSmimeReport } from '../src/index.js';
import { chainPem, createdEvent, NOW, revokedEvent, supportPem } from './fixtures.js';

describe('renderSmimeReport', () => {
  test('created and revoked certificates render as the snapshot', async () => {
    const r = renderSmimeReport({
      tenant: '12345TE',
      now: NOW,
      actionId: 'RCR 123456',
      events: [createdEvent, revokedEvent],
      zipName: '12345TE_certificates.zip',
      origin: 'sync',
    });
    expect(r.title).toBe('usesync S/MIME transaction report 12345TE');
    await expect(r.text).toMatchFileSnapshot('./__snapshots__/smime-report.txt');
    await expect(r.html).toMatchFileSnapshot('./__snapshots__/smime-report.html');
  });

  test('lists serial, subject, address, validity and order reference of each certificate', () => {
    const { text } = renderSmimeReport({ tenant: '12345TE', now: NOW, events: [createdEvent, revokedEvent] });
    for (const e of [createdEvent, revokedEvent]) {
      for (const s of [e.serial, e.subjectDn, e.address, e.orderRef ?? '']) expect(text).toContain(s);
    }
    expect(text).toContain('2026-11-27 04:06:03 UTC – 2027-11-27 04:06:03 UTC');
    expect(text).not.toContain('BEGIN CERTIFICATE');
  });
});

describe('certificatesZip', () => {
  test('holds one PEM .crt per created certificate and the chain, nothing for revoked ones', () => {
    const files = unzipSync(certificatesZip([createdEvent, revokedEvent], [chainPem]));
    expect(Object.keys(files).sort()).toEqual(['ca-chain.crt', 'support@company.com_3f2a9c1d00000001.crt']);
    expect(strFromU8(files[certificateFileName(createdEvent)] as Uint8Array)).toBe(supportPem);
    expect(strFromU8(files['ca-chain.crt'] as Uint8Array)).toBe(chainPem);
  });

  test('its certificates parse with OpenSSL and chain to the CA', () => {
    const dir = mkdtempSync(join(tmpdir(), 'usesync-zip-'));
    try {
      const files = unzipSync(certificatesZip([createdEvent], [chainPem]));
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
      const leaf = join(dir, certificateFileName(createdEvent));
      const serial = execFileSync('openssl', ['x509', '-in', leaf, '-noout', '-serial'], {
        encoding: 'utf8',
      });
      expect(serial.trim()).toBe('serial=3F2A9C1D00000001');
      const verify = execFileSync(
        'openssl',
        ['verify', '-no_check_time', '-CAfile', join(dir, 'ca-chain.crt'), leaf],
        {
          encoding: 'utf8',
        },
      );
      expect(verify).toContain(': OK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('is deterministic', () => {
    expect(certificatesZip([createdEvent], [chainPem])).toEqual(certificatesZip([createdEvent], [chainPem]));
  });

  test('refuses a private key anywhere in its input', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMG\n-----END PRIVATE KEY-----\n';
    expect(() => certificatesZip([{ ...createdEvent, certificatePem: supportPem + key }], [])).toThrow(
      /private key/,
    );
    expect(() => certificatesZip([createdEvent], [key])).toThrow(/private key/);
  });

  test('refuses a created certificate without PEM', () => {
    const { certificatePem: _, ...noPem } = createdEvent;
    expect(() => certificatesZip([noPem], [])).toThrow(/PEM is missing/);
  });
});
