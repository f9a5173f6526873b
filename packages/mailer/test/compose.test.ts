import { describe, expect, test } from 'vitest';
import { type ComposeInput, composeMessages, type MailBody } from '../src/index.js';
import { RULE_NAME, ruleBytes, USE_NAME, useBytes } from './fixtures.js';

const body = (title: string): MailBody => ({ title, text: `${title}\n`, html: `<p>${title}</p>` });
const recipients = {
  report: ['Reports@Company.com', 'it@company.com'],
  admin: ['admin@company.com'],
  smimeReport: ['pki@company.com'],
  bcc: ['archive@retarus.example'],
};
const uploads = [
  { name: USE_NAME, kind: 'useimport' as const, bytes: useBytes },
  { name: RULE_NAME, kind: 'ruleimport' as const, bytes: ruleBytes },
];
const input: ComposeInput = {
  tenant: '12345TE',
  from: 'usesync@retarus.example',
  actionId: 'RCR 123456',
  recipients,
  fileOptions: {
    addmailreport: 'extra@company.com',
    addmailadmin: 'helpdesk@company.com',
    addmailbcc: 'audit@company.com',
  },
  items: [
    {
      kind: 'sync-report',
      report: body('usesync sync report 12345TE'),
      uploads,
      ruleFile: { name: '12345TE_live_rules.txt', content: 'a;b;swm\n' },
    },
    {
      kind: 'smime-report',
      report: body('usesync S/MIME transaction report 12345TE'),
      zip: { name: 'c.zip', content: new Uint8Array([80, 75, 5, 6]) },
    },
    { kind: 'semi-auto-csv', csv: { name: 'semi.csv', content: 'address;name\r\n' }, rows: 1 },
  ],
};

describe('composeMessages', () => {
  test('routes each kind to its recipients with the file options added', () => {
    const { messages, warnings } = composeMessages(input);
    expect(warnings).toEqual([]);
    expect(messages.map((m) => [m.kind, m.to])).toEqual([
      ['sync-report', ['reports@company.com', 'it@company.com', 'extra@company.com']],
      ['smime-report', ['pki@company.com']],
      ['semi-auto-csv', ['admin@company.com', 'helpdesk@company.com']],
    ]);
    for (const m of messages) expect(m.bcc).toEqual(['archive@retarus.example', 'audit@company.com']);
  });

  test('prefixes every subject with the action id', () => {
    expect(composeMessages(input).messages.map((m) => m.subject)).toEqual([
      'RCR 123456 – usesync sync report 12345TE',
      'RCR 123456 – usesync S/MIME transaction report 12345TE',
      'RCR 123456 – usesync semi-automatic S/MIME requests 12345TE',
    ]);
    const { actionId: _, ...noId } = input;
    expect(composeMessages(noId).messages[0]?.subject).toBe('usesync sync report 12345TE');
  });

  test('attaches the uploaded files (masked) and the live rule file to the sync report', () => {
    const sync = composeMessages(input).messages[0];
    expect(sync?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [USE_NAME, 'text/plain; charset=utf-8'],
      [RULE_NAME, 'text/plain; charset=utf-8'],
      ['12345TE_live_rules.txt', 'text/plain; charset=utf-8'],
    ]);
    const use = new TextDecoder().decode(sync?.attachments[0]?.content);
    expect(use).toContain('passphrase:••••••;smimeimport');
    expect(use).not.toContain('passphrase:123456');
    expect(new TextDecoder().decode(sync?.attachments[1]?.content)).not.toContain('PA$$WORT');
    expect(sync?.text).toContain('passphrases and swm passwords in them are masked');
    expect(sync?.html).toBe(
      '<p>usesync sync report 12345TE</p><p>The uploaded files are attached; passphrases and swm passwords in them are masked (••••••).</p>',
    );
  });

  test('the S/MIME report carries the zip and the CSV mail the CSV', () => {
    const [, smime, csv] = composeMessages(input).messages;
    expect(smime?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['c.zip', 'application/zip'],
    ]);
    expect(csv?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['semi.csv', 'text/csv; charset=utf-8'],
    ]);
    expect(csv?.text).toContain(
      '1 S/MIME certificate for tenant 12345TE must be created by the service desk',
    );
  });

  test('de-duplicates recipients and never sends a blind copy to a direct recipient', () => {
    const { messages } = composeMessages({
      ...input,
      recipients: { ...recipients, bcc: ['IT@company.com', 'archive@retarus.example'] },
      fileOptions: { addmailreport: 'it@company.com' },
      items: [input.items[0] as (typeof input.items)[number]],
    });
    expect(messages[0]?.to).toEqual(['reports@company.com', 'it@company.com']);
    expect(messages[0]?.bcc).toEqual(['archive@retarus.example']);
  });

  test('a kind without recipients is not sent and says why; the CSV falls back to the report addresses', () => {
    const { messages, warnings } = composeMessages({
      ...input,
      recipients: { report: ['reports@company.com'], admin: [], smimeReport: [], bcc: [] },
      fileOptions: { addmailreport: 'not an address' },
    });
    expect(messages.map((m) => [m.kind, m.to])).toEqual([
      ['sync-report', ['reports@company.com']],
      ['semi-auto-csv', ['reports@company.com']],
    ]);
    expect(warnings).toEqual([
      'ignored a report recipient: not a valid e-mail address',
      'smime-report not sent: no recipient configured',
      'semi-auto-csv sent to the report addresses: no admin address',
    ]);
  });
});
