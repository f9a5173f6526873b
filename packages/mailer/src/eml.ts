import { createTransport } from 'nodemailer';
import type { Envelope, MailMessage } from './message.js';

/** Options of {@link buildEml}. */
export interface BuildEmlOptions {
  /** The `Date:` header. */
  readonly date: Date;
  /** The `Message-ID:` (with or without angle brackets); kept across retries so receivers can de-duplicate. */
  readonly messageId: string;
}

/** RFC 5322 bytes of a message and the envelope to send them with. */
export interface Eml {
  readonly raw: Uint8Array;
  readonly envelope: Envelope;
}

/**
 * Builds the RFC 5322 bytes of a message with nodemailer's stream transport. BCC recipients go
 * into the envelope only: the bytes carry no `Bcc:` header, so the same bytes can be spooled,
 * written to an outbox and sent over SMTP without revealing them.
 */
export async function buildEml(message: MailMessage, options: BuildEmlOptions): Promise<Eml> {
  const envelope: Envelope = { from: message.from, to: [...message.to, ...message.bcc] };
  // A stream transport only serialises; it opens no connection.
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await composer.sendMail({
    from: message.from,
    to: [...message.to],
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    date: options.date,
    messageId: options.messageId.startsWith('<') ? options.messageId : `<${options.messageId}>`,
    headers: { 'X-Usesync-Kind': message.kind },
    envelope: { from: envelope.from, to: [...envelope.to] },
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
      contentType: a.contentType,
    })),
  });
  const raw = info.message;
  if (!Buffer.isBuffer(raw)) throw new TypeError('nodemailer stream transport returned no buffer');
  return { raw: new Uint8Array(raw), envelope };
}
