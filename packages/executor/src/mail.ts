import { join } from 'node:path';
import type { TenantConfig } from '@usesync/config';
import {
  composeMessages,
  type FileMailOptions,
  type MailItem,
  MailSpool,
  type MailTransport,
  OutboxTransport,
  type SendResult,
} from '@usesync/mailer';
import type { SyncInputs } from './inputs.js';

/** Folder of the data directory holding the mail spool (`pending/`, `sent/`, `failed/`). */
export const MAIL_SPOOL_DIR = 'mail-spool';

/** Folder of the data directory receiving `.eml` files when no SMTP server is configured. */
export const OUTBOX_DIR = 'outbox';

/** The mail settings an uploaded `.useimport` carries: its `action-id` and `addmail*` options. */
export interface MailOptions {
  readonly actionId?: string;
  readonly fileOptions: FileMailOptions;
}

/** The `action-id` and the `addmailreport`/`addmailadmin`/`addmailbcc` options of a sync's upload. */
export function mailOptionsOf(inputs: SyncInputs | undefined): MailOptions {
  const opts = inputs?.useImport?.value.options;
  const actionId = opts?.['action-id']?.value;
  return {
    ...(actionId === undefined ? {} : { actionId }),
    fileOptions: {
      ...(opts?.addmailreport ? { addmailreport: opts.addmailreport.value } : {}),
      ...(opts?.addmailadmin ? { addmailadmin: opts.addmailadmin.value } : {}),
      ...(opts?.addmailbcc ? { addmailbcc: opts.addmailbcc.value } : {}),
    },
  };
}

/**
 * The durable mail spool of a data directory (`<data>/mail-spool`), sending through `transport`,
 * by default into the outbox folder `<data>/outbox` as `.eml` files.
 */
export function openMailSpool(dataDir: string, transport?: MailTransport): MailSpool {
  return new MailSpool({
    dir: join(dataDir, MAIL_SPOOL_DIR),
    transport: transport ?? new OutboxTransport(join(dataDir, OUTBOX_DIR)),
  });
}

/** What {@link sendDelivery} did. */
export interface SentDelivery {
  /** One result a message; a message not `sent` stays in the spool for a retry. */
  readonly results: SendResult[];
  /** Items without recipients and ignored option addresses (no secrets). */
  readonly warnings: string[];
}

/**
 * Composes the mails of a run for the tenant's configured recipients (+ the upload's `addmail*`
 * options, subjects prefixed with its `action-id`) and sends them through the spool.
 */
export async function sendDelivery(
  spool: MailSpool,
  config: TenantConfig,
  from: string,
  items: readonly MailItem[],
  mail: MailOptions = { fileOptions: {} },
): Promise<SentDelivery> {
  const { messages, warnings } = composeMessages({
    tenant: config.tenant.id,
    from,
    recipients: config.reports,
    ...(mail.actionId === undefined ? {} : { actionId: mail.actionId }),
    fileOptions: mail.fileOptions,
    items,
  });
  const results = messages.length === 0 ? [] : await spool.sendAll(messages);
  return { results, warnings };
}
