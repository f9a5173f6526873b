import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One message as the peer received it. */
export interface Received {
  readonly from: string;
  readonly rcptTo: string[];
  readonly raw: Buffer;
  readonly user?: string;
}

/** Options of the test peer. */
export interface PeerOptions {
  /** Reject the first N `MAIL FROM` commands with this code (e.g. 421 or 550). */
  readonly rejectFirst?: { readonly count: number; readonly code: number };
  /** Require AUTH with these credentials. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Listen on this port (default: a random free one). */
  readonly port?: number;
  /**
   * Offer STARTTLS with this key and certificate (PEM) instead of plain SMTP only; with
   * `implicit`, speak TLS from the first byte (port 465 style).
   */
  readonly tls?: { readonly key: string; readonly cert: string; readonly implicit?: boolean };
}

/** A real SMTP server (smtp-server) on 127.0.0.1, plain, for tests only. */
export interface Peer {
  readonly port: number;
  readonly received: Received[];
  /** How many MAIL FROM commands were seen (accepted or not). */
  mailFromCount(): number;
  /** How many TCP connections were opened. */
  connectionCount(): number;
  stop(): Promise<void>;
}

export async function startPeer(options: PeerOptions = {}): Promise<Peer> {
  const received: Received[] = [];
  let mailFroms = 0;
  let connections = 0;
  const tls = options.tls;
  const config: SMTPServerOptions = {
    secure: tls?.implicit ?? false,
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    // Plain on loopback for the tests that do not test TLS; production clients require STARTTLS.
    disabledCommands: [...(tls ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],

    authOptional: options.auth === undefined,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
      } else callback(new Error('Invalid username or password'));
    },
    onMailFrom(_address, _session, callback) {
      mailFroms++;
      const r = options.rejectFirst;
      if (r && mailFroms <= r.count) {
        callback(Object.assign(new Error('Try again later'), { responseCode: r.code }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(config);
  server.on('error', () => {});
  // Raw TCP connections, counted before any TLS handshake (onConnect comes after it with implicit TLS).
  server.server.on('connection', () => {
    connections++;
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () =>
      resolve((server.server.address() as AddressInfo).port),
    );
  });
  return {
    port,
    received,
    mailFromCount: () => mailFroms,
    connectionCount: () => connections,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (bound, read, released). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
