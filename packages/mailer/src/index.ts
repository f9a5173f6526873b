// @usesync/mailer: composes the report mails (pure) and delivers them through a durable spool,
// by SMTP (nodemailer) or into an outbox folder of .eml files.
export {
  type Composed,
  type ComposeInput,
  type ConfiguredRecipients,
  composeMessages,
  type FileMailOptions,
  type MailBody,
  type MailItem,
  type NamedFile,
} from './compose.js';
export { type BuildEmlOptions, buildEml, type Eml } from './eml.js';
export { type MaskedUpload, maskUploadedFile, maskUploadLine, type UploadedFile } from './mask-upload.js';
export type { Envelope, MailAttachment, MailKind, MailMessage } from './message.js';
export { OutboxTransport } from './outbox-transport.js';
export { type RetryOptions, type SmtpOptions, SmtpTransport } from './smtp-transport.js';
export {
  cleanSpoolTemp,
  MailSpool,
  type MailSpoolOptions,
  type PendingStats,
  type RetryPendingOptions,
  type SendResult,
  type SpoolRecord,
  type SpoolState,
} from './spool.js';
export {
  type RetrierStatus,
  type RetrierTimers,
  type RetryRound,
  SpoolRetrier,
  type SpoolRetrierOptions,
} from './spool-retrier.js';
export {
  classifyFailure,
  DeliveryError,
  type DeliveryReceipt,
  type FailureKind,
  type MailTransport,
  tlsVerificationFailure,
} from './transport.js';
