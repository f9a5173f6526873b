import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitLines } from '@usesync/domain';
import { displayLine, parseUseImport } from '@usesync/import-file';
import {
  certificatesZip,
  renderErrorReport,
  renderRuleFile,
  renderSemiAutoCsv,
  renderSmimeReport,
  renderSyncReport,
  renderWatchdogReport,
  semiAutoRows,
} from '@usesync/report';
import { strFromU8, unzipSync } from 'fflate';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, test } from 'vitest';
import { buildEml, composeMessages, MailSpool, OutboxTransport } from '../src/index.js';
import {
  maskedRules,
  NOW,
  outcomeFor,
  RULE_NAME,
  ruleBytes,
  TENANT,
  USE_NAME,
  useBytes,
} from './fixtures.js';

// Distinctive secrets: the manual's own passphrase `123456` also occurs in the ticket `RCR 123456`.
const PASSPHRASE = 'Kx9-Lumen-Passphrase-42';
const SWM = 'PA$$WORT';
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const useText = dec(useBytes).replace('passphrase:123456;', `passphrase:${PASSPHRASE};`);
const brokenText = `${useText.replace('#####', '')}passphrase:${PASSPHRASE};smimeimprt\n#####\n`;
const ruleText = dec(ruleBytes);
const dir = mkdtempSync(join(tmpdir(), 'usesync-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('no secret in any rendered byte', () => {
  test('reports, CSV, zip, composed mails, .eml bytes and spool files hold neither the passphrase nor the swm password', async () => {
    expect(useText).toContain(PASSPHRASE);
    expect(ruleText).toContain(SWM);
    const applied = outcomeFor(useText, 'automatic');
    const semi = outcomeFor(useText, 'semi-automatic');
    const files = { useimport: USE_NAME, ruleimport: RULE_NAME };
    const reports = [
      renderSyncReport({ source: applied, files, now: NOW, liveRules: maskedRules }),
      renderSyncReport({ source: semi.plan, files, now: NOW, liveRules: maskedRules }),
      renderErrorReport({
        tenant: TENANT,
        now: NOW,
        files: [
          {
            name: USE_NAME,
            lines: splitLines(brokenText),
            diagnostics: parseUseImport(brokenText).diagnostics,
            display: displayLine,
          },
        ],
      }),
      renderSmimeReport({ tenant: TENANT, now: NOW, events: applied.certificates }),
      renderWatchdogReport({
        source: semi,
        settings: { mode: 'semi-automatic', chained: true, bufferHours: 48 },
        watched: 3,
        now: NOW,
      }),
    ];
    const csv = renderSemiAutoCsv(semiAutoRows(semi.plan.actions, { personal: 'p', team: 't' }));
    const zip = certificatesZip(applied.certificates, applied.chainPem);
    const uploads = [
      { name: USE_NAME, kind: 'useimport' as const, bytes: new TextEncoder().encode(useText) },
      { name: RULE_NAME, kind: 'ruleimport' as const, bytes: ruleBytes },
    ];
    const { messages } = composeMessages({
      tenant: TENANT,
      from: 'usesync@retarus.example',
      actionId: 'RCR 123456',
      recipients: {
        report: ['r@company.com'],
        admin: ['a@company.com'],
        smimeReport: ['s@company.com'],
        bcc: [],
      },
      items: [
        {
          kind: 'sync-report',
          report: reports[0] as (typeof reports)[0],
          uploads,
          ruleFile: { name: 'rules.txt', content: renderRuleFile(maskedRules) },
        },
        { kind: 'error-report', report: reports[2] as (typeof reports)[0], uploads },
        {
          kind: 'smime-report',
          report: reports[3] as (typeof reports)[0],
          zip: { name: 'c.zip', content: zip },
        },
        { kind: 'semi-auto-csv', csv: { name: 'semi.csv', content: csv }, rows: 1 },
        { kind: 'watchdog-report', report: reports[4] as (typeof reports)[0] },
      ],
    });
    expect(messages).toHaveLength(5);

    const texts: string[] = [
      csv,
      ...reports.flatMap((r) => [r.title, r.text, r.html]),
      ...Object.values(unzipSync(zip)).map((f) => strFromU8(f)),
    ];
    for (const m of messages) {
      texts.push(JSON.stringify({ ...m, attachments: m.attachments.map((a) => a.filename) }));
      for (const a of m.attachments) texts.push(dec(a.content));
      const eml = await buildEml(m, { date: new Date(NOW), messageId: 'x@retarus.example' });
      texts.push(Buffer.from(eml.raw).toString('latin1'));
      // Decoded parts too: attachments travel base64-encoded, a raw grep alone would miss them.
      const parsed = await simpleParser(Buffer.from(eml.raw));
      texts.push(
        parsed.text ?? '',
        String(parsed.html),
        ...parsed.attachments.map((a) => a.content.toString('utf8')),
      );
    }
    const spool = new MailSpool({ dir, transport: new OutboxTransport(join(dir, 'outbox')) });
    await spool.sendAll(messages);
    for (const sub of ['sent', 'outbox']) {
      for (const f of readdirSync(join(dir, sub))) texts.push(readFileSync(join(dir, sub, f), 'latin1'));
    }

    expect(texts.length).toBeGreaterThan(40);
    const leaks = texts.filter((t) => t.includes(PASSPHRASE) || t.includes(SWM));
    expect(leaks).toEqual([]);
    // And the masked forms are there, so the test looks at the right texts.
    expect(texts.some((t) => t.includes('passphrase:••••••;smimeimport'))).toBe(true);
    expect(texts.some((t) => t.includes('swm:••••••'))).toBe(true);
  });
});
