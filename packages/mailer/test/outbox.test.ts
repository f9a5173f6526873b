import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type MailMessage, MailSpool, OutboxTransport } from '../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'usesync-outbox-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const message: MailMessage = {
  kind: 'sync-report',
  from: 'usesync@retarus.example',
  to: ['reports@company.com'],
  bcc: ['archive@retarus.example'],
  subject: 'RCR 123456 – usesync sync report 12345TE',
  text: 'report äöü\n',
  html: '<p>report</p>',
  attachments: [
    { filename: 'a.bin', content: new Uint8Array([0, 1, 2, 255]), contentType: 'application/octet-stream' },
  ],
};

describe('outbox transport behind the spool', () => {
  test('writes an RFC 5322 .eml without a Bcc header and its envelope beside it', async () => {
    const outbox = join(dir, 'outbox');
    const spool = new MailSpool({
      dir: join(dir, 'spool'),
      transport: new OutboxTransport(outbox),
      now: () => new Date('2022-06-01T16:00:42Z'),
    });
    const [r] = await spool.sendAll([message]);
    await spool.close();
    expect(r?.state).toBe('sent');
    expect(r?.id).toMatch(/^20220601T160042Z-[0-9a-f]{8}$/);
    expect(readdirSync(outbox).sort()).toEqual([`${r?.id}.eml`, `${r?.id}.json`]);
    const raw = readFileSync(join(outbox, `${r?.id}.eml`));
    expect(raw.toString('latin1')).toContain('\r\n');
    expect(raw.toString('latin1')).not.toMatch(/^bcc:/im);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text).toBe('report äöü\n');
    expect(parsed.date?.toISOString()).toBe('2022-06-01T16:00:42.000Z');
    expect(parsed.messageId).toBe(`<${r?.id}@retarus.example>`);
    expect(new Uint8Array(parsed.attachments[0]?.content as Buffer)).toEqual(message.attachments[0]?.content);
    expect(JSON.parse(readFileSync(join(outbox, `${r?.id}.json`), 'utf8'))).toEqual({
      envelope: { from: 'usesync@retarus.example', to: ['reports@company.com', 'archive@retarus.example'] },
    });
    // The spool keeps its own copy in sent/ with the record.
    const [record] = await spool.list('sent');
    expect(record).toMatchObject({
      id: r?.id,
      kind: 'sync-report',
      attempts: 1,
      sentAt: '2022-06-01T16:00:42.000Z',
    });
  });

  test('a send interrupted after delivery is finished by retryPending without sending twice', async () => {
    const outbox = join(dir, 'outbox');
    let deliveries = 0;
    const transport = new OutboxTransport(outbox);
    const counting = {
      name: 'counting',
      deliver: (e: Parameters<typeof transport.deliver>[0], id: string) => {
        deliveries++;
        return transport.deliver(e, id);
      },
      close: async () => {},
    };
    const spool = new MailSpool({ dir: join(dir, 'spool'), transport: counting });
    const [r] = await spool.sendAll([message]);
    // Simulate a crash between writing the record and moving it: put it back in pending/.
    const { renameSync } = await import('node:fs');
    renameSync(join(dir, 'spool', 'sent', `${r?.id}.json`), join(dir, 'spool', 'pending', `${r?.id}.json`));
    const again = await spool.retryPending();
    expect(again.map((x) => x.state)).toEqual(['sent']);
    expect(deliveries).toBe(1);
    expect(readdirSync(join(dir, 'spool', 'pending'))).toEqual([]);
  });
});
