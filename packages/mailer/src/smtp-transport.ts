import type { Secret } from '@usesync/domain';
import { createTransport } from 'nodemailer';
import type { Eml } from './eml.js';
import { classifyFailure, DeliveryError, type DeliveryReceipt, type MailTransport } from './transport.js';

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
  /** TLS settings passed to node:tls, e.g. a private CA (`ca`) or `servername`. */
  readonly tls?: {
    readonly ca?: string | readonly string[];
    readonly servername?: string;
    readonly rejectUnauthorized?: boolean;
  };
  /** Pooled connections (default 2). */
  readonly maxConnections?: number;
  /** Connection, greeting and socket timeouts in ms (default 30 000). */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  /** How to wait between attempts; tests pass a fast one. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends over SMTP with nodemailer: pooled connections, STARTTLS required by default, optional
 * authentication, and a retry with exponential backoff for transient failures (4xx answers,
 * refused or dropped connections). TLS and authentication failures and 5xx answers are not
 * retried here; the spool decides what to do with them.
 */
export class SmtpTransport implements MailTransport {
  readonly name: string;
  readonly #mailer;
  readonly #attempts: number;
  readonly #base: number;
  readonly #max: number;
  readonly #sleep: (ms: number) => Promise<void>;

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
                ? { ca: typeof options.tls.ca === 'string' ? options.tls.ca : [...options.tls.ca] }
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

  async deliver(eml: Eml, _id: string): Promise<DeliveryReceipt> {
    let last: unknown;
    for (let attempt = 1; attempt <= this.#attempts; attempt++) {
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
        await this.#sleep(Math.min(this.#max, this.#base * 2 ** (attempt - 1)));
      }
    }
    const code = (last as { responseCode?: unknown })?.responseCode;
    const reason = last instanceof Error ? last.message : String(last);
    throw new DeliveryError(classifyFailure(last), `Cannot deliver mail via ${this.name}: ${reason}`, {
      cause: last,
      ...(typeof code === 'number' ? { responseCode: code } : {}),
    });
  }

  async close(): Promise<void> {
    this.#mailer.close();
  }
}
