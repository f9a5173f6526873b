import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MailSpool, type SmtpOptions, SmtpTransport } from '../src/index.js';
import { simpleMail } from './simple-mail.js';
import { type Peer, startPeer } from './smtp-peer.js';
import { makeTestPki, type TestPki } from './tls-ca.js';

let pki: TestPki;
let dir: string;
let peer: Peer;
beforeAll(async () => {
  pki = makeTestPki();
  peer = await startPeer({ tls: { key: pki.serverKeyPem, cert: pki.serverChainPem } });
});
afterAll(async () => {
  await peer.stop();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** STARTTLS required (the default), to the peer on 127.0.0.1, no retry delay worth waiting for. */
function smtp(tls: SmtpOptions['tls']): SmtpTransport {
  return new SmtpTransport({
    host: '127.0.0.1',
    port: peer.port,
    timeoutMs: 5000,
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
    ...(tls ? { tls } : {}),
  });
}

async function sendWith(tls: SmtpOptions['tls']) {
  dir = mkdtempSync(join(tmpdir(), 'usesync-mail-tls-'));
  const spool = new MailSpool({ dir, transport: smtp(tls) });
  const before = { connections: peer.connectionCount(), received: peer.received.length };
  const [result] = await spool.sendAll(simpleMail());
  await spool.close();
  return {
    result,
    connections: peer.connectionCount() - before.connections,
    received: peer.received.length - before.received,
  };
}

describe('STARTTLS with a private CA', () => {
  test('a server certificate from the configured CA, checked against the servername, is trusted', async () => {
    const { result, received } = await sendWith({ ca: pki.caPem, servername: pki.serverName });
    expect(result?.state).toBe('sent');
    expect(received).toBe(1);
  });

  test('the CA may be given as the bytes of the PEM file', async () => {
    const { result } = await sendWith({
      ca: new TextEncoder().encode(pki.caPem),
      servername: pki.serverName,
    });
    expect(result?.state).toBe('sent');
  });

  test('without the CA the certificate is refused once, as a config failure that names the reason', async () => {
    const { result, connections, received } = await sendWith(undefined);
    expect(result?.state).toBe('pending');
    expect(result?.record.lastError?.kind).toBe('config');
    expect(result?.record.lastError?.reasonCode).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(result?.record.lastError?.message).toContain('self-signed certificate in certificate chain');
    expect(result?.record.lastError?.message).toContain('smtp.tls.ca');
    // Not retried within the delivery: one connection, nothing delivered.
    expect(connections).toBe(1);
    expect(received).toBe(0);
  });

  test('a servername the certificate does not carry is a host name mismatch, not retried', async () => {
    const { result, connections } = await sendWith({ ca: pki.caPem, servername: 'mail.other.example' });
    expect(result?.state).toBe('pending');
    expect(result?.record.lastError?.kind).toBe('config');
    expect(result?.record.lastError?.reasonCode).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(result?.record.lastError?.message).toMatch(/mail\.other\.example/);
    expect(connections).toBe(1);
  });
});

describe('verify', () => {
  test('verify checks TLS without sending: trusted with the CA, a config failure with the reason without it', async () => {
    const received = peer.received.length;
    const good = smtp({ ca: pki.caPem, servername: pki.serverName });
    expect(await good.verify()).toEqual({ ok: true });
    await good.close();
    const bad = smtp(undefined);
    const result = await bad.verify();
    await bad.close();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'config', reasonCode: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(result.error.message).toMatch(
      /^Cannot connect via smtp:\/\/127\.0\.0\.1:\d+: the server's TLS certificate is not trusted \(self-signed certificate in certificate chain; SELF_SIGNED_CERT_IN_CHAIN\)/,
    );
    expect(peer.received.length).toBe(received);
  });
});

describe('implicit TLS (port 465 style)', () => {
  test('an untrusted certificate is the same config failure, with the reason', async () => {
    const implicit = await startPeer({
      tls: { key: pki.serverKeyPem, cert: pki.serverChainPem, implicit: true },
    });
    try {
      dir = mkdtempSync(join(tmpdir(), 'usesync-mail-tls-'));
      const transport = (tls: SmtpOptions['tls']) =>
        new SmtpTransport({
          host: '127.0.0.1',
          port: implicit.port,
          secure: true,
          timeoutMs: 5000,
          retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
          ...(tls ? { tls } : {}),
        });
      const refused = new MailSpool({ dir, transport: transport(undefined) });
      const [r] = await refused.sendAll(simpleMail());
      await refused.close();
      expect(r?.record.lastError).toMatchObject({ kind: 'config', reasonCode: 'SELF_SIGNED_CERT_IN_CHAIN' });
      expect(implicit.connectionCount()).toBe(1);

      const trusted = new MailSpool({
        dir,
        transport: transport({ ca: pki.caPem, servername: pki.serverName }),
      });
      const [ok] = await trusted.retryPending();
      await trusted.close();
      expect(ok?.state).toBe('sent');
      expect(implicit.received).toHaveLength(1);
    } finally {
      await implicit.stop();
    }
  });
});
