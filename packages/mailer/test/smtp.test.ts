import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '@usesync/domain';
import {
  certificatesZip,
  renderRuleFile,
  renderSmimeReport,
  renderSyncReport,
  ruleFileName,
} from '@usesync/report';
import { strFromU8, unzipSync } from 'fflate';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { composeMessages, MailSpool, type SmtpOptions, SmtpTransport } from '../src/index.js';
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
import { freePort, type Peer, startPeer } from './smtp-peer.js';

const fast = { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 };
/** Plain SMTP on loopback: this test config only. Production keeps requireTLS (the default). */
const plain = (port: number, extra: Partial<SmtpOptions> = {}): SmtpOptions => ({
  host: '127.0.0.1',
  port,
  requireTLS: false,
  ignoreTLS: true,
  retry: fast,
  timeoutMs: 5000,
  ...extra,
});

let dir: string;
const peers: Peer[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'usesync-mail-'));
});
afterEach(async () => {
  for (const p of peers.splice(0)) await p.stop();
  rmSync(dir, { recursive: true, force: true });
});
async function peer(options: Parameters<typeof startPeer>[0] = {}): Promise<Peer> {
  const p = await startPeer(options);
  peers.push(p);
  return p;
}

/** What the worker does after applying the example: render, compose. */
function exampleMails() {
  const outcome = outcomeFor(new TextDecoder().decode(useBytes));
  const sync = renderSyncReport({
    source: outcome,
    files: { useimport: USE_NAME, ruleimport: RULE_NAME },
    actionId: 'RCR 123456',
    now: NOW,
    liveRules: maskedRules,
  });
  const smime = renderSmimeReport({
    tenant: TENANT,
    now: NOW,
    actionId: 'RCR 123456',
    events: outcome.certificates,
    zipName: `${TENANT}_certificates.zip`,
  });
  const zip = certificatesZip(outcome.certificates, outcome.chainPem);
  return composeMessages({
    tenant: TENANT,
    from: 'usesync@retarus.example',
    actionId: 'RCR 123456',
    recipients: {
      report: ['reports@company.com'],
      admin: ['admin@company.com'],
      smimeReport: ['pki@company.com'],
      bcc: ['archive@retarus.example'],
    },
    fileOptions: { addmailreport: 'extra@company.com', addmailbcc: 'audit@company.com' },
    items: [
      {
        kind: 'sync-report',
        report: sync,
        uploads: [
          { name: USE_NAME, kind: 'useimport', bytes: useBytes },
          { name: RULE_NAME, kind: 'ruleimport', bytes: ruleBytes },
        ],
        ruleFile: { name: ruleFileName(TENANT), content: renderRuleFile(maskedRules) },
      },
      { kind: 'smime-report', report: smime, zip: { name: `${TENANT}_certificates.zip`, content: zip } },
    ],
  }).messages;
}

describe('delivery through a real SMTP server on loopback', () => {
  test('the applied example arrives with the right recipients, BCC, subjects and attachments', async () => {
    const p = await peer({ auth: { user: 'usesync', pass: 'smtp-test-pw' } });
    const spool = new MailSpool({
      dir,
      transport: new SmtpTransport(
        plain(p.port, { auth: { user: 'usesync', pass: new Secret('smtp-test-pw') } }),
      ),
    });
    const messages = exampleMails();
    const results = await spool.sendAll(messages);
    await spool.close();
    expect(results.map((r) => r.state)).toEqual(['sent', 'sent']);
    expect(p.received).toHaveLength(2);

    const [syncRaw, smimeRaw] = p.received;
    expect(syncRaw?.user).toBe('usesync');
    expect(syncRaw?.rcptTo).toEqual([
      'reports@company.com',
      'extra@company.com',
      'archive@retarus.example',
      'audit@company.com',
    ]);
    expect(smimeRaw?.rcptTo).toEqual(['pki@company.com', 'archive@retarus.example', 'audit@company.com']);

    const sync = await simpleParser(syncRaw?.raw as Buffer);
    expect(sync.subject).toBe('RCR 123456 – usesync sync report 12345TE');
    expect(sync.headers.has('bcc')).toBe(false);
    expect(syncRaw?.raw.toString('latin1')).not.toMatch(/archive@retarus|audit@company/);
    // The sync report lists every input line with its prefix.
    for (const v of outcomeFor(new TextDecoder().decode(useBytes)).plan.lines) {
      expect(sync.text).toContain(`${v.prefix} ${v.line}  ${v.text}`);
    }
    expect(sync.html).toContain('<h1>usesync sync report 12345TE</h1>');
    const sent = messages[0];
    expect(sync.attachments.map((a) => a.filename)).toEqual(sent?.attachments.map((a) => a.filename));
    sync.attachments.forEach((a, i) => {
      expect(new Uint8Array(a.content)).toEqual(sent?.attachments[i]?.content);
    });

    const smime = await simpleParser(smimeRaw?.raw as Buffer);
    expect(smime.subject).toBe('RCR 123456 – usesync S/MIME transaction report 12345TE');
    expect(smime.text).toContain('3f2a9c1d00000001');
    const zip = smime.attachments[0];
    expect(zip?.filename).toBe('12345TE_certificates.zip');
    expect(zip?.contentType).toBe('application/zip');
    const files = unzipSync(new Uint8Array(zip?.content as Buffer));
    expect(Object.keys(files).sort()).toEqual(['ca-chain.crt', 'support@company.com_3f2a9c1d00000001.crt']);
    for (const f of Object.values(files)) {
      const pem = strFromU8(f);
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
      expect(pem).not.toContain('PRIVATE KEY');
    }
    expect(readdirSync(join(dir, 'sent')).sort()).toHaveLength(4);
    expect(readdirSync(join(dir, 'pending'))).toEqual([]);
  });

  test('a transient 421 is retried and the message arrives once', async () => {
    const p = await peer({ rejectFirst: { count: 2, code: 421 } });
    const spool = new MailSpool({ dir, transport: new SmtpTransport(plain(p.port)) });
    const [result] = await spool.sendAll(exampleMails().slice(0, 1));
    await spool.close();
    expect(result?.state).toBe('sent');
    expect(result?.record.attempts).toBe(1);
    expect(p.mailFromCount()).toBe(3);
    expect(p.received).toHaveLength(1);
  });

  test('an outage leaves the message in pending/, and retryPending delivers it later', async () => {
    const port = await freePort();
    const spool = new MailSpool({ dir, transport: new SmtpTransport(plain(port)) });
    const [first] = await spool.sendAll(exampleMails().slice(0, 1));
    expect(first?.state).toBe('pending');
    expect(first?.record.lastError?.kind).toBe('transient');
    expect(readdirSync(join(dir, 'pending')).sort()).toEqual([`${first?.id}.eml`, `${first?.id}.json`]);
    await spool.close();

    const p = await peer({ port });
    const later = new MailSpool({ dir, transport: new SmtpTransport(plain(port)) });
    const retried = await later.retryPending();
    await later.close();
    expect(retried.map((r) => [r.id, r.state, r.record.attempts])).toEqual([[first?.id, 'sent', 2]]);
    expect(p.received).toHaveLength(1);
    expect((await simpleParser(p.received[0]?.raw as Buffer)).subject).toBe(
      'RCR 123456 – usesync sync report 12345TE',
    );
    expect(readdirSync(join(dir, 'pending'))).toEqual([]);
    expect(await later.retryPending()).toEqual([]);
  });

  test('a permanent 550 moves the message to failed/, and requeueFailed puts it back', async () => {
    const p = await peer({ rejectFirst: { count: 1, code: 550 } });
    const spool = new MailSpool({ dir, transport: new SmtpTransport(plain(p.port)) });
    const [r] = await spool.sendAll(exampleMails().slice(0, 1));
    expect(r?.state).toBe('failed');
    expect(r?.record.lastError).toMatchObject({ kind: 'permanent', responseCode: 550 });
    expect(p.mailFromCount()).toBe(1);
    expect(await spool.requeueFailed()).toBe(1);
    const again = await spool.retryPending();
    await spool.close();
    expect(again.map((x) => x.state)).toEqual(['sent']);
  });

  test('STARTTLS is required by default: a server without it gets nothing and the mail waits', async () => {
    const p = await peer();
    const spool = new MailSpool({
      dir,
      transport: new SmtpTransport({ host: '127.0.0.1', port: p.port, retry: fast, timeoutMs: 5000 }),
    });
    const [r] = await spool.sendAll(exampleMails().slice(0, 1));
    await spool.close();
    expect(r?.state).toBe('pending');
    expect(r?.record.lastError?.kind).toBe('config');
    expect(p.received).toEqual([]);
  });

  test('a wrong password is a config failure and never appears in the record', async () => {
    const p = await peer({ auth: { user: 'usesync', pass: 'right-one' } });
    const spool = new MailSpool({
      dir,
      transport: new SmtpTransport(
        plain(p.port, { auth: { user: 'usesync', pass: new Secret('Wr0ng-Secret-77') } }),
      ),
    });
    const [r] = await spool.sendAll(exampleMails().slice(0, 1));
    await spool.close();
    expect(r?.record.lastError?.kind).toBe('config');
    expect(JSON.stringify(r)).not.toContain('Wr0ng-Secret-77');
  });
});
