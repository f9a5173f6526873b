import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
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

/** Folder of the data directory where pushback files wait while the share refuses them. */
export const PUSHBACK_PENDING_DIR = 'pushback-pending';

/** What {@link pushbackOrKeep} and {@link retryPendingPushback} need of a tenant. */
export interface PushbackTarget {
  readonly tenant: string;
  readonly dataDir: string;
  readonly share: Share;
  readonly config: TenantConfig;
  readonly log: Logger;
}

const pendingDir = (t: PushbackTarget) => join(t.dataDir, PUSHBACK_PENDING_DIR, t.tenant);

/**
 * Pushback that never loses a report and never fails the sync: when the share refuses the files
 * (down, full, a name it cannot take), they wait in `<data>/pushback-pending/<tenant>/` (0600) and
 * {@link retryPendingPushback} delivers them on a later poll. Returns the paths written now.
 */
export async function pushbackOrKeep(t: PushbackTarget, files: readonly PushbackFile[]): Promise<string[]> {
  if (!t.config.pushback || files.length === 0) return [];
  try {
    return await pushback(t.share, t.config, files);
  } catch (e) {
    const dir = pendingDir(t);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const f of files) writeFileSync(join(dir, basename(f.name)), f.content, { mode: 0o600 });
    t.log.warn(
      { files: files.length, reason: (e as Error).message },
      'pushback failed; the files are kept and pushed back on a later poll',
    );
    return [];
  }
}

/** Pushes back the files kept by {@link pushbackOrKeep}; each is removed once written. */
export async function retryPendingPushback(t: PushbackTarget): Promise<number> {
  const dir = pendingDir(t);
  if (!existsSync(dir)) return 0;
  let done = 0;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    try {
      await pushback(t.share, t.config, [{ name, content: new Uint8Array(readFileSync(path)) }]);
      rmSync(path);
      done++;
    } catch (e) {
      t.log.warn({ file: name, reason: (e as Error).message }, 'pushback still failing; kept');
      break;
    }
  }
  if (done > 0) t.log.info({ files: done }, 'kept pushback files delivered');
  return done;
}
