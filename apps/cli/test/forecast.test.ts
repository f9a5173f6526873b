import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CertificateRecord } from '@usesync/domain';
import { initDataDir, openStore } from '@usesync/executor';
import { expect, test } from 'vitest';
import { run, tempDir } from './helpers.js';

const NOW = '2026-11-27T00:00:00Z';
const cert = (
  serial: string,
  days: number,
  status: CertificateRecord['status'] = 'active',
): CertificateRecord => ({
  address: `${serial}@company.com`,
  serial,
  issuerDn: 'CN=Test CA',
  subjectDn: `CN=${serial}@company.com`,
  sanEmails: [`${serial}@company.com`],
  notBefore: '2026-01-01T00:00:00Z',
  notAfter: new Date(Date.parse(NOW) + days * 86_400_000).toISOString(),
  status,
  team: true,
  origin: 'imported',
  certificatePem: '',
});

test('usesync forecast prints certificates expiring per week and writes an SVG chart', async () => {
  const data = tempDir();
  await initDataDir(data, '12345TE', {});
  const store = openStore(data, {});
  await store.putCertificates('12345TE', [
    cert('a1', 2),
    cert('a2', 3),
    cert('a3', 10),
    cert('a4', 5, 'revoked'),
  ]);
  await store.close();
  const svg = join(data, 'forecast.svg');
  const r = await run(['forecast', '--data', data, '--weeks', '3', '--now', NOW, '--svg', svg]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toContain('3 in 3 weeks, 2 within 7 days, 3 within 30 days');
  expect(r.out).toContain('2026-11-27  2  ########################################');
  expect(r.out).toContain('2026-12-04  1  ####################');
  expect(readFileSync(svg, 'utf8').match(/<rect /g)).toHaveLength(3);
  const json = await run(['forecast', '--data', data, '--weeks', '2', '--now', NOW, '--json']);
  expect(JSON.parse(json.out)).toMatchObject({ total: 3, tenants: { '12345TE': { within7Days: 2 } } });
  expect((await run(['forecast', '--data', data, '--weeks', 'x'])).code).toBe(2);
});
