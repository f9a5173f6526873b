import type { TenantConfig } from '@usesync/config';
import { type DeliveryFile, mailOptionsOf, type SyncInputs, sendDelivery } from '@usesync/executor';
import type { MailItem, MailSpool } from '@usesync/mailer';
import { joinSharePath, type Share } from '@usesync/share';
import type { Logger } from './logger.js';

/** A file written to the share's return folder. */
export type PushbackFile = DeliveryFile;

/**
 * Sends the mail items of a run through the spool (see `sendDelivery` of `@usesync/executor`),
 * logging composition warnings and messages kept for a retry; returns how many messages there were.
 */
export async function sendMail(
  spool: MailSpool,
  config: TenantConfig,
  from: string,
  inputs: SyncInputs | undefined,
  items: readonly MailItem[],
  log: Logger,
): Promise<number> {
  const { results, warnings } = await sendDelivery(spool, config, from, items, mailOptionsOf(inputs));
  for (const w of warnings) log.warn({ warning: w }, 'mail composition warning');
  for (const r of results)
    if (r.state !== 'sent')
      log.warn({ mailId: r.id, state: r.state }, 'mail not delivered yet; kept in the spool');
  return results.length;
}

/** Writes files to the share's return folder (pushback). */
export async function pushback(
  share: Share,
  config: TenantConfig,
  files: readonly PushbackFile[],
): Promise<string[]> {
  if (!config.pushback || files.length === 0) return [];
  await share.mkdir(config.share.returnDir);
  const written: string[] = [];
  for (const f of files) {
    const path = joinSharePath(config.share.returnDir, f.name);
    await share.write(path, typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content);
    written.push(path);
  }
  return written;
}
