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
  /**
   * Why, when it is more specific than the kind: the TLS verification code (e.g.
   * `SELF_SIGNED_CERT_IN_CHAIN`, `ERR_TLS_CERT_ALTNAME_INVALID`), `EAUTH`, `ETLS`.
   */
  readonly reasonCode?: string;

  constructor(
    kind: FailureKind,
    message: string,
    options: { cause?: unknown; responseCode?: number; reasonCode?: string } = {},
  ) {
    super(`MAIL_${kind.toUpperCase()}`, message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.kind = kind;
    if (options.responseCode !== undefined) this.responseCode = options.responseCode;
    if (options.reasonCode !== undefined) this.reasonCode = options.reasonCode;
  }
}

/**
 * OpenSSL's certificate verification results as Node reports them, plus Node's own host name
 * check. Any of these means the server's certificate is not trusted with the configured CA and
 * server name: retrying the same configuration cannot help.
 */
const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The certificate verification failure behind `error` (following `cause` and nodemailer's
 * `originalCode`), as `{ code, reason }` with Node's text, e.g. `{ code: 'SELF_SIGNED_CERT_IN_CHAIN',
 * reason: 'self-signed certificate in certificate chain' }`; undefined for any other failure.
 */
export function tlsVerificationFailure(error: unknown): { code: string; reason: string } | undefined {
  const seen = new Set<unknown>();
  for (let e = error; e !== undefined && e !== null && !seen.has(e); ) {
    seen.add(e);
    const x = e as {
      code?: unknown;
      originalCode?: unknown;
      reason?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    for (const c of [x.originalCode, x.code]) {
      if (typeof c === 'string' && TLS_VERIFY_CODES.has(c)) {
        const text = typeof x.reason === 'string' ? x.reason : typeof x.message === 'string' ? x.message : c;
        return { code: c, reason: text.replace(/^Error initiating TLS - /, '') };
      }
    }
    e = x.cause;
  }
  return undefined;
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
  if (tlsVerificationFailure(error) !== undefined) return 'config';
  if (status !== undefined) {
    if (status >= 400 && status < 500) return 'transient';
    if (status >= 500) return 'permanent';
  }
  if (code !== undefined && NETWORK_CODES.has(code)) return 'transient';
  // Unknown failures are kept for a later retry rather than given up on.
  return 'transient';
}
