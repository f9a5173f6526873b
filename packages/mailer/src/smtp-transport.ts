import type { Secret } from '@usesync/domain';
import { createTransport } from 'nodemailer';
import type { Eml } from './eml.js';
import {
  classifyFailure,
  DeliveryError,
  type DeliveryReceipt,
  type MailTransport,
  tlsVerificationFailure,
} from './transport.js';

/** Retry of transient failures within one delivery. */
export interface RetryOptions {
  /** Attempts in total, including the first (default 3). */
  readonly attempts?: number;
  /** Wait before the second attempt, doubled each time (default 1000 ms). */
  readonly baseDelayMs?: number;
  /** Upper bound of one wait (default 30 000 ms). */
  readonly maxDelayMs?: number;
}

/** Settings of {@link SmtpTransport}. */
export interface SmtpOptions {
  readonly host: string;
  /** Default 587 (submission with STARTTLS), 465 when `secure`. */
  readonly port?: number;
  /** Implicit TLS from the first byte (port 465). */
  readonly secure?: boolean;
  /**
   * Refuse to send unless the connection is upgraded with STARTTLS (default true). Set to false
   * only for a trusted local relay; then `ignoreTLS` may also be set.
   */
  readonly requireTLS?: boolean;
  /** Do not even try STARTTLS (only honoured when `requireTLS` is false). */
  readonly ignoreTLS?: boolean;
  readonly auth?: { readonly user: string; readonly pass: Secret };
  /**
   * TLS settings passed to node:tls. `ca`: the trusted CA certificate(s) as PEM (file content, text
   * or bytes); replaces the system roots. `servername`: the name the certificate must carry (SNI
   * too), when it is not `host` (e.g. connecting by IP address).
   */
  readonly tls?: {
    readonly ca?: string | Uint8Array | readonly (string | Uint8Array)[];
    readonly servername?: string;
    readonly rejectUnauthorized?: boolean;
  };
  /** Pooled connections (default 2). */
  readonly maxConnections?: number;
  /** Connection, greeting and socket timeouts in ms (default 30 000). */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  /** How to wait between attempts (rejects when `signal` aborts); tests pass a fast one. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

const pem = (x: string | Uint8Array): string | Buffer =>
  typeof x === 'string' ? x : Buffer.from(x.buffer, x.byteOffset, x.byteLength);

/**
 * Sends over SMTP with nodemailer: pooled connections, STARTTLS required by default, optional
 * authentication, and a retry with exponential backoff for transient failures (4xx answers,
 * refused or dropped connections). TLS and authentication failures and 5xx answers are not
 * retried here; the spool decides what to do with them. A certificate the configured CA and
 * server name do not verify is a `config` failure whose message names the reason (e.g.
 * "self-signed certificate in certificate chain"). {@link SmtpTransport.close} closes the pool
 * and cuts short a backoff wait, so nothing of the transport keeps the process alive.
 */
export class SmtpTransport implements MailTransport {
  readonly name: string;
  readonly #mailer;
  readonly #attempts: number;
  readonly #base: number;
  readonly #max: number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #closing = new AbortController();

  constructor(options: SmtpOptions) {
    const secure = options.secure ?? false;
    const requireTLS = options.requireTLS ?? true;
    const port = options.port ?? (secure ? 465 : 587);
    this.name = `smtp://${options.host}:${port}`;
    this.#attempts = Math.max(1, options.retry?.attempts ?? 3);
    this.#base = options.retry?.baseDelayMs ?? 1000;
    this.#max = options.retry?.maxDelayMs ?? 30_000;
    this.#sleep = options.sleep ?? defaultSleep;
    const timeout = options.timeoutMs ?? 30_000;
    this.#mailer = createTransport({
      pool: true,
      host: options.host,
      port,
      secure,
      requireTLS: secure ? false : requireTLS,
      ignoreTLS: !requireTLS && (options.ignoreTLS ?? false),
      maxConnections: options.maxConnections ?? 2,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      logger: false,
      debug: false,
      ...(options.auth ? { auth: { user: options.auth.user, pass: options.auth.pass.reveal() } } : {}),
      ...(options.tls
        ? {
            tls: {
              ...(options.tls.ca !== undefined
                ? {
                    ca: Array.isArray(options.tls.ca)
                      ? (options.tls.ca as readonly (string | Uint8Array)[]).map(pem)
                      : pem(options.tls.ca as string | Uint8Array),
                  }
                : {}),
              ...(options.tls.servername !== undefined ? { servername: options.tls.servername } : {}),
              ...(options.tls.rejectUnauthorized !== undefined
                ? { rejectUnauthorized: options.tls.rejectUnauthorized }
                : {}),
            },
          }
        : {}),
    });
  }

  /** Sends one message; retries transient failures (see {@link RetryOptions}). */
  async deliver(eml: Eml, _id: string): Promise<DeliveryReceipt> {
    let last: unknown;
    for (let attempt = 1; attempt <= this.#attempts; attempt++) {
      if (this.#closing.signal.aborted) {
        throw new DeliveryError('transient', `Cannot deliver mail via ${this.name}: the transport is closed`);
      }
      try {
        const info = await this.#mailer.sendMail({
          envelope: { from: eml.envelope.from, to: [...eml.envelope.to] },
          raw: Buffer.from(eml.raw.buffer, eml.raw.byteOffset, eml.raw.byteLength),
        });
        const list = (xs: unknown): string[] =>
          Array.isArray(xs)
            ? xs.map((x) => (typeof x === 'string' ? x : String((x as { address?: string }).address)))
            : [];
        return {
          accepted: list(info.accepted),
          rejected: list(info.rejected),
          response: String(info.response ?? ''),
        };
      } catch (error) {
        last = error;
        if (classifyFailure(error) !== 'transient' || attempt === this.#attempts) break;
        try {
          await this.#sleep(Math.min(this.#max, this.#base * 2 ** (attempt - 1)), this.#closing.signal);
        } catch {
          break; // closed while waiting: report the last failure
        }
      }
    }
    throw this.#failure('deliver mail', last);
  }

  /**
   * Checks the connection, TLS (CA, servername) and login without sending anything (EHLO,
   * STARTTLS, AUTH, QUIT), e.g. at start-up or for a readiness check. Returns the failure as a
   * {@link DeliveryError} (kind and reason code as for a delivery) rather than throwing it.
   */
  async verify(): Promise<{ ok: true } | { ok: false; error: DeliveryError }> {
    try {
      await this.#mailer.verify();
      return { ok: true };
    } catch (error) {
      return { ok: false, error: this.#failure('connect', error) };
    }
  }

  #failure(verb: string, last: unknown): DeliveryError {
    const code = (last as { responseCode?: unknown })?.responseCode;
    const tls = tlsVerificationFailure(last);
    const failure = last as { code?: unknown } | undefined;
    const reason = tls
      ? `the server's TLS certificate is not trusted (${tls.reason}; ${tls.code}): check smtp.tls.ca and smtp.tls.servername`
      : last instanceof Error
        ? last.message
        : String(last);
    const reasonCode = tls?.code ?? (typeof failure?.code === 'string' ? failure.code : undefined);
    return new DeliveryError(classifyFailure(last), `Cannot ${verb} via ${this.name}: ${reason}`, {
      cause: last,
      ...(typeof code === 'number' ? { responseCode: code } : {}),
      ...(reasonCode !== undefined ? { reasonCode } : {}),
    });
  }

  /**
   * Closes the pooled connections (idle ones at once, with QUIT) and ends any backoff wait; a
   * delivery in flight fails as `transient` and stays in the spool. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort(new Error('transport closed'));
    this.#mailer.close();
  }
}
