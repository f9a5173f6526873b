import { UsesyncError } from '@usesync/domain';
import type { Eml } from './eml.js';

/** What a transport reports for a delivered message. */
export interface DeliveryReceipt {
  /** Envelope recipients the server (or outbox) accepted. */
  readonly accepted: readonly string[];
  /** Envelope recipients the server refused while accepting others. */
  readonly rejected: readonly string[];
  /** The server's final answer, or where the outbox wrote the file. */
  readonly response: string;
}

/** Delivers RFC 5322 bytes. Throws {@link DeliveryError} when the message was not taken. */
export interface MailTransport {
  /** e.g. `smtp://mail.example.com:587` or `outbox:/var/lib/usesync/outbox`. */
  readonly name: string;
  /** Delivers one message; `id` is the spool's id of it (stable across retries). */
  deliver(eml: Eml, id: string): Promise<DeliveryReceipt>;
  /** Releases connections; the transport cannot be used afterwards. */
  close(): Promise<void>;
}

/**
 * How a delivery failed: `transient` (4xx, connection trouble: retry soon), `config` (TLS or
 * authentication: retry after the configuration is fixed), `permanent` (5xx: retrying the same
 * message will not help).
 */
export type FailureKind = 'transient' | 'config' | 'permanent';

/** A message was not delivered. The message never contains a password. */
export class DeliveryError extends UsesyncError {
  readonly kind: FailureKind;
  readonly responseCode?: number;

  constructor(kind: FailureKind, message: string, options: { cause?: unknown; responseCode?: number } = {}) {
    super(`MAIL_${kind.toUpperCase()}`, message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.kind = kind;
    if (options.responseCode !== undefined) this.responseCode = options.responseCode;
  }
}

const NETWORK_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EMAXLIMIT',
  'EPROTOCOL',
]);

/** Sorts a nodemailer (or socket) error into a {@link FailureKind}. */
export function classifyFailure(error: unknown): FailureKind {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === 'EAUTH' || code === 'ETLS' || code === 'ENOAUTH') return 'config';
  if (status !== undefined) {
    if (status >= 400 && status < 500) return 'transient';
    if (status >= 500) return 'permanent';
  }
  if (code !== undefined && NETWORK_CODES.has(code)) return 'transient';
  // Unknown failures are kept for a later retry rather than given up on.
  return 'transient';
}
