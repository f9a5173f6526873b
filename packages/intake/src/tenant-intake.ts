import { createHash } from 'node:crypto';
import type { TenantConfig } from '@usesync/config';
import type { ProcessedFile, ProcessedFileStore } from '@usesync/domain';
import { joinSharePath, listUploads, printableName, type Share, type ShareEntry } from '@usesync/share';
import { groupSyncs, type ImportKind, type SeenFile, type Triage, triagePoll } from './pickup.js';
import type { Refusal } from './refusal-report.js';
import { hasTerminator } from './terminator.js';

const DAY = 86_400_000;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

/** Lower-case hex SHA-256 of an upload (the processed-files ledger and file claims). */
export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A downloaded upload, ready for a sync. */
export interface DownloadedFile {
  readonly name: string;
  readonly fileKind: ImportKind;
  readonly bytes: Uint8Array;
}

/** Structured logging as the intake uses it (pino-compatible). */
export interface IntakeLog {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  child(bindings: Record<string, unknown>): IntakeLog;
}

/** The claims on the files of one sync (several replicas on one store). */
export interface HeldFiles {
  /** The highest attempt among the files (2 or more: taken over from a replica that died). */
  readonly attempts: number;
  /** Aborts when a claim was lost. */
  readonly signal: AbortSignal;
  /** Marks every file done; false when a claim had been lost. */
  complete(outcome: string): Promise<boolean>;
  /** Stops renewing without completing (the next holder resumes). */
  stop(): void;
}

/** How a sync ended for the ledger; `interrupted` leaves the files in place. */
export type IntakeSyncResult = string;

/** What the intake of one tenant talks to. */
export interface IntakePorts {
  readonly tenant: string;
  readonly config: Pick<TenantConfig, 'share' | 'limits'>;
  readonly share: Share;
  /** The processed-files ledger: a name is processed once. */
  readonly ledger: Pick<ProcessedFileStore, 'wasProcessed' | 'recordProcessed'>;
  readonly clock: () => Date;
  readonly log: IntakeLog;
  /** Files in `return/` older than this many days are deleted by {@link TenantIntake.retention}. */
  readonly retentionDays: number;
  /** With shared coordination: claims the files of a sync; undefined when another replica has them. */
  readonly claim?: (files: readonly { name: string; sha256: string }[]) => Promise<HeldFiles | undefined>;
  /**
   * Runs one sync of the files and records them processed (or returns `interrupted`, leaving them).
   * The intake has already checked names, sizes, the terminator, the ledger and the claims.
   */
  readonly sync: (
    files: readonly DownloadedFile[],
    signal: AbortSignal,
    log: IntakeLog,
  ) => Promise<IntakeSyncResult>;
  /** Delivers the report of refused uploads (mail, pushback). */
  readonly report: (refusals: readonly Refusal[]) => Promise<void>;
  /** Counts a file taken off the share (processed or refused). */
  readonly onFileDone?: (outcome: string) => void;
  /** Counts a sync that threw (its files stay and are tried again). */
  readonly onSyncError?: () => void;
  /**
   * A sync that failed this many times (it threw, or — with claims — its replica died during it)
   * is not tried again: its files are refused, reported and removed (default 3).
   */
  readonly maxSyncAttempts?: number;
}

/**
 * The intake of one tenant across polls: remembers sizes between polls (two equal polls = the
 * upload is finished) and uploads found incomplete (no terminator), refuses and reports what
 * breaks the pick-up rules (each refused name once), and runs each complete sync. With claims,
 * each sync's files are claimed first (skipped while another replica holds them; a dead replica's
 * claim is taken over after it expired, and the sync resumes its journal run). One intake per
 * tenant; the caller holds the tenant lock while {@link poll} runs.
 */
export class TenantIntake {
  readonly ports: IntakePorts;
  #seen = new Map<string, SeenFile>();
  readonly #incomplete = new Map<string, SeenFile>();
  /** Failed syncs by their files (names and content), with the last reason. */
  readonly #failures = new Map<string, { count: number; reason: string }>();
  #lastRetention = 0;

  constructor(ports: IntakePorts) {
    this.ports = ports;
  }

  /** Creates the share's folders (use, return, key folders). */
  async prepare(): Promise<void> {
    const s = this.ports.config.share;
    for (const dir of [s.useDir, s.returnDir, s.publicKeysDir, s.privateKeysDir])
      await this.ports.share.mkdir(dir);
  }

  /** One poll. `stopping()` turning true ends it before the next sync starts. */
  async poll(stopping: () => boolean, signal: AbortSignal): Promise<void> {
    const p = this.ports;
    const { config, ledger, tenant, log } = p;
    let listing: Awaited<ReturnType<typeof listUploads>>;
    try {
      listing = await listUploads(p.share, config.share.useDir);
    } catch (e) {
      if ((e as { code?: string }).code !== 'SHARE_NOT_FOUND') throw e;
      await this.prepare();
      listing = { files: [], refused: [] };
    }
    const { triage, seen } = triagePoll(tenant, listing, this.#seen, config.limits.maxFileBytes);
    this.#seen = seen;
    for (const name of this.#incomplete.keys()) if (!seen.has(name)) this.#incomplete.delete(name);
    const refusals: Refusal[] = [];
    const ready: DownloadedFile[] = [];
    for (const t of triage) {
      if (t.kind === 'refuse') {
        const r = await this.#refuse(t);
        if (r) refusals.push(r);
        continue;
      }
      // A processed name is refused at first sight: no need to wait for the upload to settle.
      const before = await ledger.wasProcessed(tenant, t.name);
      if (before) {
        refusals.push(
          await this.#refuseRemovable(t.name, 'already-processed', alreadyProcessed(before), false),
        );
        continue;
      }
      if (t.kind === 'wait') continue;
      const known = this.#incomplete.get(t.name);
      const now = seen.get(t.name);
      if (known && now && known.size === now.size && known.mtimeMs === now.mtimeMs) continue;
      const bytes = await p.share.read(joinSharePath(config.share.useDir, t.name));
      if (bytes.length !== t.size) continue; // changed since the listing: look again next poll
      if (t.fileKind === 'useimport' && !hasTerminator(bytes)) {
        if (now) this.#incomplete.set(t.name, now);
        log.warn(
          { file: printableName(t.name), size: bytes.length },
          'upload has no ##### terminator yet; not processed',
        );
        continue;
      }
      this.#incomplete.delete(t.name);
      ready.push({ name: t.name, fileKind: t.fileKind, bytes });
    }
    if (refusals.length > 0) {
      for (const r of refusals)
        log.warn({ file: printableName(r.name), code: r.code, reason: r.reason }, 'upload refused');
      await p.report(refusals);
    }
    for (const files of groupSyncs(ready)) {
      if (stopping() || signal.aborted) break;
      await this.#runOne(files, signal);
    }
    await this.retention();
  }

  async #runOne(files: readonly DownloadedFile[], signal: AbortSignal): Promise<void> {
    const p = this.ports;
    const names = files.map((f) => f.name);
    const flog = p.log.child({ files: names });
    const held = p.claim
      ? await p.claim(files.map((f) => ({ name: f.name, sha256: sha256(f.bytes) })))
      : undefined;
    if (p.claim && !held) {
      flog.info({}, 'files claimed by another replica or finished; skipped');
      return;
    }
    const key = files.map((f) => `${f.name}\0${sha256(f.bytes)}`).join('\0');
    const failed = this.#failures.get(key);
    const attempts = Math.max(held?.attempts ?? 1, (failed?.count ?? 0) + 1);
    const max = p.maxSyncAttempts ?? 3;
    if (attempts > max) {
      // Never a retry loop: a file whose sync keeps failing (or killing its worker) is refused.
      const reason = `its sync failed ${attempts - 1} times${failed ? ` (last: ${failed.reason})` : ' (the worker running it stopped)'}; it is not tried again — upload a corrected file under a new name`;
      const refusals: Refusal[] = [];
      for (const f of files) {
        await p.ledger.recordProcessed(p.tenant, f.name, sha256(f.bytes), 'refused-sync-failed');
        p.onFileDone?.('refused-sync-failed');
        await p.share.remove(joinSharePath(p.config.share.useDir, f.name));
        this.#seen.delete(f.name);
        refusals.push({ name: f.name, code: 'sync-failed', reason, removed: true });
      }
      this.#failures.delete(key);
      await held?.complete('refused-sync-failed');
      flog.error({ attempts: attempts - 1 }, 'sync failed too often; the files are refused');
      await p.report(refusals);
      return;
    }
    flog.info({ attempts }, 'sync started');
    try {
      const result = await p.sync(files, held ? AbortSignal.any([signal, held.signal]) : signal, flog);
      if (result === 'interrupted') {
        held?.stop();
        return;
      }
      for (const n of names) this.#seen.delete(n);
      if (held && !(await held.complete(result)))
        flog.warn({ result }, 'a file claim was lost before its completion; the outcome is recorded');
    } catch (e) {
      held?.stop();
      p.onSyncError?.();
      const err = errorInfo(e);
      this.#failures.set(key, { count: (failed?.count ?? 0) + 1, reason: err.message });
      flog.error({ err, attempts }, 'sync failed; the files stay and are tried again');
    }
  }

  async #refuse(t: Extract<Triage, { kind: 'refuse' }>): Promise<Refusal | undefined> {
    const { ledger, tenant } = this.ports;
    const before = await ledger.wasProcessed(tenant, t.name);
    if (!t.removable) {
      if (before) return undefined; // reported once already
      await ledger.recordProcessed(tenant, t.name, EMPTY_SHA256, `refused-${t.code}`);
      this.ports.onFileDone?.(`refused-${t.code}`);
      return { name: t.name, code: t.code, reason: t.reason, removed: false };
    }
    if (before) return this.#refuseRemovable(t.name, 'already-processed', alreadyProcessed(before), false);
    return this.#refuseRemovable(t.name, t.code, t.reason, true);
  }

  async #refuseRemovable(
    name: string,
    code: Refusal['code'],
    reason: string,
    record: boolean,
  ): Promise<Refusal> {
    const { ledger, tenant, share, config } = this.ports;
    if (record) await ledger.recordProcessed(tenant, name, EMPTY_SHA256, `refused-${code}`);
    this.ports.onFileDone?.(`refused-${code}`);
    await share.remove(joinSharePath(config.share.useDir, name));
    this.#seen.delete(name);
    return { name, code, reason, removed: true };
  }

  /** Deletes files in the return folder older than `days` (at most every ten minutes). */
  async retention(days = this.ports.retentionDays, force = false): Promise<string[]> {
    const p = this.ports;
    const now = p.clock().getTime();
    if (!force && now - this.#lastRetention < 10 * 60_000) return [];
    this.#lastRetention = now;
    const dir = p.config.share.returnDir;
    let entries: ShareEntry[];
    try {
      entries = await p.share.list(dir);
    } catch {
      return [];
    }
    const removed: string[] = [];
    for (const e of entries) {
      if (e.kind !== 'file' || e.refusal !== undefined || now - e.mtimeMs <= days * DAY) continue;
      try {
        await p.share.remove(joinSharePath(dir, e.name));
        removed.push(e.name);
      } catch {
        // An unsafe name in return/ is not ours to touch.
      }
    }
    if (removed.length > 0) p.log.info({ removed: removed.length, days }, 'return folder retention');
    return removed;
  }
}

function alreadyProcessed(before: ProcessedFile): string {
  return `a file of this name was already processed (${before.processedAt}, ${before.outcome}); upload changes under a new name`;
}

/** Error fields for a log line: code and message (messages never carry secrets). */
export function errorInfo(e: unknown): { code?: string; message: string } {
  const err = e as { code?: unknown; message?: unknown };
  return {
    ...(typeof err.code === 'string' ? { code: err.code } : {}),
    message: typeof err.message === 'string' ? err.message : String(e),
  };
}
