import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmtpTransport } from '@usesync/mailer';
import { parseCertificates } from '@usesync/x509';
import { unzipSync } from 'fflate';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Peer, startPeer } from '../../mailer/test/smtp-peer.js';
import {
  applyPlan,
  checkInputs,
  mailOptionsOf,
  openMailSpool,
  planSync,
  readLiveRules,
  renderSyncDelivery,
  runKeyOf,
  sendDelivery,
  stemNames,
} from '../src/index.js';
import { type Harness, harness, NOW, testConfig } from './fixtures.js';

const examples = new URL('../../../examples/', import.meta.url).pathname;
const USE = '12345TE_use_import_2022-06-01_1600.useimport';
const RULES = '12345TE_rules_2022-06-01_1600.ruleimport';
/** The manual's example plus the addmail options, as a customer would upload it. */
const useText = readFileSync(join(examples, USE), 'utf8').replace(
  '#####',
  'option:extra-report@customer.example;addmailreport\noption:audit@customer.example;addmailbcc\n#####',
);

let h: Harness;
let peer: Peer;
let dir = '';
beforeAll(async () => {
  h = await harness();
  peer = await startPeer();
  dir = mkdtempSync(join(tmpdir(), 'usesync-mail-e2e-'));
});
afterAll(async () => {
  await h.close();
  await peer.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('apply → mail through a real SMTP server', () => {
  test('the reports arrive with the right recipients, subjects and attachments, and no secret', async () => {
    const config = testConfig(h.sim, (c) => ({
      ...c,
      reports: { report: ['it@customer.example'], smimeReport: ['pki@customer.example'], admin: [], bcc: [] },
    }));
    const inputs = checkInputs([
      { name: USE, bytes: new TextEncoder().encode(useText) },
      { name: RULES, bytes: readFileSync(join(examples, RULES)) },
    ]);
    expect(inputs.ok).toBe(true);
    const plan = await planSync(h.store, config, inputs, { now: NOW });
    const outcome = await applyPlan(h.deps, config, plan, { now: NOW, runKey: runKeyOf(inputs) });
    expect(outcome.results.every((r) => r.status === 'done')).toBe(true);
    const delivery = renderSyncDelivery(config, inputs, outcome, await readLiveRules(h.store, '12345TE'), {
      now: NOW,
      names: stemNames('12345TE_use_import_2022-06-01_1600'),
    });
    const transport = new SmtpTransport({
      host: '127.0.0.1',
      port: peer.port,
      // The test peer is plain SMTP on loopback; production keeps STARTTLS required.
      requireTLS: false,
      ignoreTLS: true,
      retry: { attempts: 2 },
      sleep: async () => {},
    });
    const spool = openMailSpool(dir, transport);
    try {
      const sent = await sendDelivery(
        spool,
        config,
        'usesync@provider.example',
        delivery.items,
        mailOptionsOf(inputs),
      );
      expect(sent.results.map((r) => r.state)).toEqual(['sent', 'sent']);
    } finally {
      await spool.close();
    }

    expect(peer.received).toHaveLength(2);
    const mails = await Promise.all(
      peer.received.map(async (r) => ({ envelope: r, mail: await simpleParser(r.raw) })),
    );
    const [report, smime] = mails;

    // The sync report: report addresses + addmailreport, BCC only in the envelope.
    expect(report!.mail.subject).toBe('RCR 123456 – usesync sync report 12345TE');
    expect(report!.envelope.rcptTo.sort()).toEqual(
      ['audit@customer.example', 'extra-report@customer.example', 'it@customer.example'].sort(),
    );
    expect(report!.mail.headers.has('bcc')).toBe(false);
    // Line numbers are right-aligned; compare with single spaces.
    const body = (report!.mail.text ?? '').replace(/ +/g, ' ');
    for (const line of [
      '(+) 1 group:domain-a.com;untouched',
      '(+) 3 passphrase:••••••;smimeimport',
      '(+) 4 smime-state:support@company.com;name:Support;teamcert:1;keystate:1',
      '(%) 6 smime-state:john.doe@company.com;keystate:0',
      '(%) 8 pgp-state:john.doe@company.com;keystate:0',
      '(%) 9 option:RCR 123456;action-id',
      '(+) 4 group:developers;software-company-external.org;swm:••••••',
    ]) {
      expect(body).toContain(line);
    }
    const names = report!.mail.attachments.map((a) => a.filename);
    expect(names).toEqual(expect.arrayContaining([USE, RULES]));
    const upload = report!.mail.attachments.find((a) => a.filename === USE)!;
    expect(upload.content.toString('utf8')).toContain(
      'smime-state:support@company.com; name:Support;keystate:1;teamcert:1',
    );
    const ruleFile = report!.mail.attachments.find((a) => a.filename === '12345TE_live_rules.txt');
    expect(ruleFile?.content.toString('utf8')).toContain('*;*;ss;se;comment:USE Mastercatcher');

    // The S/MIME transaction report: its own address + BCC, the zip with the certificate and chain.
    expect(smime!.mail.subject).toBe('RCR 123456 – usesync S/MIME transaction report 12345TE');
    expect(smime!.envelope.rcptTo.sort()).toEqual(['audit@customer.example', 'pki@customer.example']);
    const zip = smime!.mail.attachments.find((a) => a.filename?.endsWith('.zip'))!;
    const files = unzipSync(new Uint8Array(zip.content));
    const created = outcome.certificates.filter((c) => c.event === 'created');
    expect(created).toHaveLength(1);
    const crt = Object.entries(files).find(([n]) => n.includes(created[0]!.serial));
    expect(crt).toBeDefined();
    const parsed = await parseCertificates(crt![1]);
    expect(parsed.value[0]?.serial).toBe(created[0]!.serial);
    expect(smime!.mail.text).toContain(created[0]!.serial);

    // No secret anywhere in what went over the wire.
    const wire = peer.received.map((r) => r.raw.toString('latin1')).join('\n');
    const decoded = mails
      .map((m) => `${m.mail.text}${m.mail.attachments.map((a) => a.content.toString('utf8')).join('')}`)
      .join('');
    for (const secret of ['passphrase:123456', 'PA$$WORT']) {
      expect(wire).not.toContain(secret);
      expect(decoded).not.toContain(secret);
    }
  });
});
