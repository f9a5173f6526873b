import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { domainOf } from '@usesync/domain';
import { buildEml, type Eml } from './eml.js';
import type { MailKind, MailMessage } from './message.js';
import { DeliveryError, type DeliveryReceipt, type FailureKind, type MailTransport } from './transport.js';

/** The metadata kept next to each spooled `.eml`. */
export interface SpoolRecord {
  readonly id: string;
  readonly kind: MailKind;
  readonly subject: string;
  readonly envelope: Eml['envelope'];
  readonly createdAt: string;
  readonly attempts: number;
  readonly lastAttemptAt?: string;
  readonly lastError?: {
    readonly kind: FailureKind;
    readonly message: string;
    readonly responseCode?: number;
    /** e.g. `SELF_SIGNED_CERT_IN_CHAIN`, `EAUTH`: see {@link DeliveryError.reasonCode}. */
    readonly reasonCode?: string;
  };
  readonly sentAt?: string;
  readonly receipt?: DeliveryReceipt;
}

/** Where a message is: `pending` (to send, or to retry), `sent`, `failed` (5xx, needs a person). */
export type SpoolState = 'pending' | 'sent' | 'failed';

/** The result of one send attempt. */
export interface SendResult {
  readonly id: string;
  readonly state: SpoolState;
  readonly record: SpoolRecord;
}

/** How many messages wait in `pending/`, and since when. */
export interface PendingStats {
  readonly count: number;
  /** Creation time of the oldest pending message; undefined when none is pending. */
  readonly oldestCreatedAt?: Date;
}

/** Options of {@link MailSpool.retryPending}. */
export interface RetryPendingOptions {
  /**
   * Stop at the first message that stays pending (server down, TLS or login refused): the others
   * would fail the same way, and the next round tries them all again. Default false.
   */
  readonly stopAtFirstFailure?: boolean;
}

/** Settings of {@link MailSpool}. */
export interface MailSpoolOptions {
  /** The spool directory; `pending/`, `sent/` and `failed/` are made inside it. */
  readonly dir: string;
  readonly transport: MailTransport;
  /** The clock (default: the system clock). */
  readonly now?: () => Date;
}

/**
 * A durable spool in front of a transport: every message is written to `pending/` (`<id>.eml` and
 * `<id>.json`) before it is sent, and moved to `sent/` only after the transport took it. A failed
 * delivery stays in `pending/` with the error recorded, and {@link MailSpool.retryPending} sends it
 * again later; a permanent refusal (5xx) moves it to `failed/` for a person to look at
 * ({@link MailSpool.requeueFailed} puts it back). Nothing is ever deleted. Files are written under a
 * temporary name and renamed, so a crash leaves either the old or the new state.
 * One spool directory belongs to one process at a time.
 */
export class MailSpool {
  readonly #dir: string;
  readonly #transport: MailTransport;
  readonly #now: () => Date;
  readonly #busy = new Set<string>();

  constructor(options: MailSpoolOptions) {
    this.#dir = options.dir;
    this.#transport = options.transport;
    this.#now = options.now ?? (() => new Date());
  }

  #path(state: SpoolState, id: string, ext: 'eml' | 'json'): string {
    return join(this.#dir, state, `${id}.${ext}`);
  }

  async #write(path: string, data: string | Uint8Array): Promise<void> {
    await writeFile(`${path}.tmp`, data);
    await rename(`${path}.tmp`, path);
  }

  async #writeRecord(state: SpoolState, record: SpoolRecord): Promise<void> {
    await this.#write(this.#path(state, record.id, 'json'), `${JSON.stringify(record, null, 2)}\n`);
  }

  async #move(from: SpoolState, to: SpoolState, id: string): Promise<void> {
    await mkdir(join(this.#dir, to), { recursive: true });
    // The .eml first: a record left behind in `from` with its .eml gone is finished by retryPending.
    await rename(this.#path(from, id, 'eml'), this.#path(to, id, 'eml')).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await rename(this.#path(from, id, 'json'), this.#path(to, id, 'json'));
  }

  /** Spools a message and tries to send it once (the transport may retry transient failures). */
  async send(message: MailMessage): Promise<SendResult> {
    const now = this.#now();
    const id = `${now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')}-${randomUUID().slice(0, 8)}`;
    const eml = await buildEml(message, {
      date: now,
      messageId: `${id}@${domainOf(message.from) || 'usesync.invalid'}`,
    });
    await mkdir(join(this.#dir, 'pending'), { recursive: true });
    const record: SpoolRecord = {
      id,
      kind: message.kind,
      subject: message.subject,
      envelope: eml.envelope,
      createdAt: now.toISOString(),
      attempts: 0,
    };
    await this.#write(this.#path('pending', id, 'eml'), eml.raw);
    await this.#writeRecord('pending', record);
    return this.#attempt(record, eml);
  }

  /** Spools and sends each message in turn. */
  async sendAll(messages: readonly MailMessage[]): Promise<SendResult[]> {
    const out: SendResult[] = [];
    for (const m of messages) out.push(await this.send(m));
    return out;
  }

  async #attempt(record: SpoolRecord, eml: Eml): Promise<SendResult> {
    if (this.#busy.has(record.id)) return { id: record.id, state: 'pending', record };
    this.#busy.add(record.id);
    try {
      const at = this.#now().toISOString();
      try {
        const receipt = await this.#transport.deliver(eml, record.id);
        const done: SpoolRecord = {
          ...record,
          attempts: record.attempts + 1,
          lastAttemptAt: at,
          sentAt: at,
          receipt,
        };
        await this.#writeRecord('pending', done);
        await this.#move('pending', 'sent', record.id);
        return { id: record.id, state: 'sent', record: done };
      } catch (error) {
        const e =
          error instanceof DeliveryError
            ? error
            : new DeliveryError(
                'transient',
                `Cannot deliver mail: ${error instanceof Error ? error.message : String(error)}`,
              );
        const failed: SpoolRecord = {
          ...record,
          attempts: record.attempts + 1,
          lastAttemptAt: at,
          lastError: {
            kind: e.kind,
            message: e.message,
            ...(e.responseCode !== undefined ? { responseCode: e.responseCode } : {}),
            ...(e.reasonCode !== undefined ? { reasonCode: e.reasonCode } : {}),
          },
        };
        await this.#writeRecord('pending', failed);
        if (e.kind === 'permanent') {
          await this.#move('pending', 'failed', record.id);
          return { id: record.id, state: 'failed', record: failed };
        }
        return { id: record.id, state: 'pending', record: failed };
      }
    } finally {
      this.#busy.delete(record.id);
    }
  }

  /** The records in one state, oldest first. */
  async list(state: SpoolState): Promise<SpoolRecord[]> {
    const dir = join(this.#dir, state);
    const names = await readdir(dir).catch(() => [] as string[]);
    const records: SpoolRecord[] = [];
    for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
      records.push(JSON.parse(await readFile(join(dir, n), 'utf8')) as SpoolRecord);
    }
    return records;
  }

  /**
   * How many messages are pending and the creation time of the oldest, from the file names alone
   * (an id starts with its creation time), so it is cheap enough for every metrics scrape.
   */
  async pendingStats(): Promise<PendingStats> {
    const names = await readdir(join(this.#dir, 'pending')).catch(() => [] as string[]);
    const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
    let oldest: Date | undefined;
    for (const id of ids) {
      const at = createdAtOf(id) ?? (await this.#readCreatedAt(id));
      if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at;
    }
    return { count: ids.length, ...(oldest ? { oldestCreatedAt: oldest } : {}) };
  }

  async #readCreatedAt(id: string): Promise<Date | undefined> {
    const text = await readFile(this.#path('pending', id, 'json'), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const at = new Date((JSON.parse(text) as Partial<SpoolRecord>).createdAt ?? Number.NaN);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }

  /** Sends every pending message again, oldest first; returns what happened to each. */
  async retryPending(options: RetryPendingOptions = {}): Promise<SendResult[]> {
    const out: SendResult[] = [];
    for (const record of await this.list('pending')) {
      // Being sent right now by send() (a run in this process): not this round's business.
      if (this.#busy.has(record.id)) continue;
      if (record.sentAt !== undefined) {
        // Sent, but the move to sent/ was interrupted: finish it, never send twice.
        await this.#move('pending', 'sent', record.id);
        out.push({ id: record.id, state: 'sent', record });
        continue;
      }
      const raw = await readFile(this.#path('pending', record.id, 'eml')).catch(() => undefined);
      if (raw === undefined) continue;
      const result = await this.#attempt(record, { raw: new Uint8Array(raw), envelope: record.envelope });
      out.push(result);
      if (options.stopAtFirstFailure && result.state === 'pending') break;
    }
    return out;
  }

  /** Moves failed messages (all, or the given ids) back to `pending/` for the next retry. */
  async requeueFailed(ids?: readonly string[]): Promise<number> {
    const records = (await this.list('failed')).filter((r) => ids === undefined || ids.includes(r.id));
    for (const r of records) await this.#move('failed', 'pending', r.id);
    return records.length;
  }

  /** Closes the transport. */
  async close(): Promise<void> {
    await this.#transport.close();
  }
}

/** The creation time encoded in a spool id (`20261127T083000Z-1a2b3c4d`), if it has one. */
function createdAtOf(id: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-/.exec(id);
  if (!m) return undefined;
  const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** Removes leftover temporary files of an interrupted write (safe to call at start-up). */
export async function cleanSpoolTemp(dir: string): Promise<void> {
  for (const state of ['pending', 'sent', 'failed'] as const) {
    const names = await readdir(join(dir, state)).catch(() => [] as string[]);
    for (const n of names.filter((x) => x.endsWith('.tmp'))) await rm(join(dir, state, n), { force: true });
  }
}
