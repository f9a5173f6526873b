import { createHash } from 'node:crypto';
import type { ProcessedFile } from '@usesync/domain';
import { joinSharePath, type ShareEntry } from '@usesync/share';
import { pushbackOrKeep, retryPendingPushback, sendMail } from './deliver.js';
import { groupSyncs, hasTerminator, type SeenFile, shownName, type Triage, triagePoll } from './intake.js';
import { type DownloadedFile, processSync, sha256, type TenantContext } from './process-sync.js';
import { type Refusal, renderRefusalReport } from './refusal-report.js';
import { holdClaims } from './replica.js';

const DAY = 86_400_000;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

/**
 * The intake of one tenant across polls: remembers sizes between polls (two equal polls = the
 * upload is finished) and uploads found incomplete (no `#####`), refuses and reports what
 * breaks the pick-up rules, and runs each complete sync. One poller per tenant; the caller
 * holds the tenant lock while `poll` runs. With shared coordination each sync's files are claimed
 * first (skipped while another replica holds them; a dead replica's claim is taken over after it
 * expired, and the sync resumes its journal run) and the claims are completed with the outcome.
 */
export class TenantPoller {
  readonly ctx: TenantContext;
  #seen = new Map<string, SeenFile>();
  readonly #incomplete = new Map<string, SeenFile>();
  #lastRetention = 0;

  constructor(ctx: TenantContext) {
    this.ctx = ctx;
  }

  /** Creates the share's folders (use, return, key folders). */
  async prepare(): Promise<void> {
    const s = this.ctx.config.share;
    for (const dir of [s.useDir, s.returnDir, s.publicKeysDir, s.privateKeysDir])
      await this.ctx.share.mkdir(dir);
  }

  /** One poll. `stopping()` turning true ends it before the next sync starts. */
  async poll(stopping: () => boolean, signal: AbortSignal): Promise<void> {
    const { ctx } = this;
    const { config, store, tenant, log } = ctx;
    let entries: ShareEntry[];
    try {
      entries = await ctx.share.list(config.share.useDir);
    } catch (e) {
      if ((e as { code?: string }).code !== 'SHARE_NOT_FOUND') throw e;
      await this.prepare();
      entries = [];
    }
    await retryPendingPushback(ctx);
    const { triage, seen } = triagePoll(tenant, entries, this.#seen, config.limits.maxFileBytes);
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
      const before = await store.wasProcessed(tenant, t.name);
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
      const bytes = await ctx.share.read(joinSharePath(config.share.useDir, t.name));
      if (bytes.length !== t.size) continue; // changed since the listing: look again next poll
      if (t.fileKind === 'useimport' && !hasTerminator(bytes)) {
        if (now) this.#incomplete.set(t.name, now);
        log.warn(
          { file: shownName(t.name), size: bytes.length },
          'upload has no ##### terminator yet; not processed',
        );
        continue;
      }
      this.#incomplete.delete(t.name);
      ready.push({ name: t.name, fileKind: t.fileKind, bytes });
    }
    if (refusals.length > 0) await this.#report(refusals);
    for (const files of groupSyncs(ready)) {
      if (stopping() || signal.aborted) break;
      const names = files.map((f) => f.name);
      const flog = log.child({ files: names });
      const held = ctx.replica
        ? await holdClaims(
            ctx.replica,
            tenant,
            files.map((f) => ({ name: f.name, sha256: sha256(f.bytes) })),
          )
        : undefined;
      if (ctx.replica && !held) {
        flog.info('files claimed by another replica or finished; skipped');
        continue;
      }
      flog.info({ attempts: held?.attempts ?? 1 }, 'sync started');
      try {
        const result = await processSync(
          { ...ctx, log: flog },
          files,
          held ? AbortSignal.any([signal, held.signal]) : signal,
        );
        if (result === 'interrupted') {
          held?.stop();
          continue;
        }
        for (const n of names) this.#seen.delete(n);
        if (held && !(await held.complete(result)))
          flog.warn({ result }, 'a file claim was lost before its completion; the outcome is recorded');
      } catch (e) {
        held?.stop();
        ctx.metrics.failure(tenant, 'sync');
        flog.error({ err: errorInfo(e) }, 'sync failed; the files stay and are tried again');
      }
    }
    await this.#refreshExpiry();
    await this.retention();
  }

  async #refuse(t: Extract<Triage, { kind: 'refuse' }>): Promise<Refusal | undefined> {
    const { store, tenant } = this.ctx;
    const before = await store.wasProcessed(tenant, t.name);
    if (!t.removable) {
      if (before) return undefined; // reported once already
      await store.recordProcessed(tenant, t.name, EMPTY_SHA256, `refused-${t.code}`);
      this.ctx.metrics.fileProcessed(tenant, `refused-${t.code}`);
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
    const { store, tenant, share, config } = this.ctx;
    if (record) await store.recordProcessed(tenant, name, EMPTY_SHA256, `refused-${code}`);
    this.ctx.metrics.fileProcessed(tenant, `refused-${code}`);
    await share.remove(joinSharePath(config.share.useDir, name));
    this.#seen.delete(name);
    return { name, code, reason, removed: true };
  }

  async #report(refusals: readonly Refusal[]): Promise<void> {
    const { ctx } = this;
    const now = ctx.clock();
    const report = renderRefusalReport(ctx.tenant, refusals, now);
    for (const r of refusals)
      ctx.log.warn({ file: shownName(r.name), code: r.code, reason: r.reason }, 'upload refused');
    await sendMail(
      ctx.spool,
      ctx.config,
      ctx.mailFrom,
      undefined,
      [{ kind: 'error-report', report, uploads: [] }],
      ctx.log,
    );
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    await pushbackOrKeep(ctx, [{ name: `${ctx.tenant}_refused_${stamp}.txt`, content: report.text }]);
  }

  async #refreshExpiry(): Promise<void> {
    const { ctx } = this;
    ctx.metrics.updateExpiry(ctx.tenant, await ctx.store.listCertificates(ctx.tenant), ctx.clock());
  }

  /** Deletes files in the return folder older than `days` (at most every ten minutes). */
  async retention(days = this.ctx.retentionDays, force = false): Promise<string[]> {
    const { ctx } = this;
    const now = ctx.clock().getTime();
    if (!force && now - this.#lastRetention < 10 * 60_000) return [];
    this.#lastRetention = now;
    const dir = ctx.config.share.returnDir;
    let entries: ShareEntry[];
    try {
      entries = await ctx.share.list(dir);
    } catch {
      return [];
    }
    const removed: string[] = [];
    for (const e of entries) {
      if (e.kind !== 'file' || now - e.mtimeMs <= days * DAY) continue;
      try {
        await ctx.share.remove(joinSharePath(dir, e.name));
        removed.push(e.name);
      } catch {
        // An unsafe name in return/ is not ours to touch.
      }
    }
    if (removed.length > 0) ctx.log.info({ removed: removed.length, days }, 'return folder retention');
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
