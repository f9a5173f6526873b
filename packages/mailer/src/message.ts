/** One attachment of a composed message. */
export interface MailAttachment {
  readonly filename: string;
  readonly content: Uint8Array;
  /** MIME type, e.g. `text/plain; charset=utf-8`, `text/csv; charset=utf-8`, `application/zip`. */
  readonly contentType: string;
}

/** What a message is, for routing and records. */
export type MailKind = 'sync-report' | 'error-report' | 'smime-report' | 'semi-auto-csv' | 'watchdog-report';

/**
 * A message ready to be turned into RFC 5322 bytes. Plain data: the composer makes it, the spool
 * sends it. `bcc` only ever goes into the SMTP envelope, never into a header.
 */
export interface MailMessage {
  readonly kind: MailKind;
  readonly from: string;
  readonly to: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments: readonly MailAttachment[];
}

/** The SMTP envelope: `MAIL FROM` and every `RCPT TO` (To and BCC recipients). */
export interface Envelope {
  readonly from: string;
  readonly to: readonly string[];
}
