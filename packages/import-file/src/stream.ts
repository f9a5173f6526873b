import type { Diagnostic } from '@usesync/domain';
import type { UseImportEntry, UseImportFile } from './ast.js';
import { FileChecker } from './checker.js';
import { Limits } from './diagnostics.js';
import { LineReader } from './internal/line-reader.js';

/** Entries per batch event. */
const BATCH = 256;

/**
 * One event of a streamed parse, in file order: a batch of what the lines of one input chunk
 * produced, then `end` with the file-level summary. Batching keeps the per-line cost of async
 * iteration off the hot path.
 */
export type UseImportEvent =
  | {
      readonly type: 'batch';
      readonly entries: readonly UseImportEntry[];
      readonly diagnostics: readonly Diagnostic[];
    }
  | {
      readonly type: 'end';
      readonly summary: Omit<UseImportFile, 'entries'>;
      readonly diagnostics: readonly Diagnostic[];
    };

/** Options of {@link parseUseImportStream}. */
export interface StreamOptions {
  /**
   * `false`: only check — batches carry no entries, so none outlives its line (what
   * `usesync validate` needs; the least garbage). Default true.
   */
  readonly entries?: boolean;
}

/**
 * Parses a `.useimport` file from chunks (strings, or UTF-8 bytes, e.g. a `fs.createReadStream`)
 * in bounded memory: entries and diagnostics are yielded as their lines are read; nothing is kept
 * but the per-file state (addresses seen, options) and at most one line (a line over
 * `Limits.maxLineLength` is counted, not kept). The last event is `end`. The same line reader and
 * checker as {@link parseUseImportBytes}: the same bytes give the same entries and diagnostics
 * (here in file order, not sorted). Give either bytes or strings, not both in one stream.
 *
 * @example
 * for await (const ev of parseUseImportStream(createReadStream(path)))
 *   if (ev.type === 'batch') for (const e of ev.entries) use(e);
 */
export async function* parseUseImportStream(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: StreamOptions = {},
): AsyncGenerator<UseImportEvent, void, undefined> {
  const keep = options.entries !== false;
  const checker = new FileChecker();
  let entries: UseImportEntry[] = [];
  let diagnostics: Diagnostic[] = [];
  const reader = new LineReader((text, bad, overlong) => {
    const r = checker.push(text, bad, overlong);
    if (r.entry && keep) entries.push(r.entry);
    for (const d of r.diagnostics) diagnostics.push(d);
  }, Limits.maxLineLength);

  function batch(): UseImportEvent | undefined {
    if (entries.length === 0 && diagnostics.length === 0) return undefined;
    const ev: UseImportEvent = { type: 'batch', entries, diagnostics };
    entries = [];
    diagnostics = [];
    return ev;
  }

  for await (const chunk of source) {
    if (typeof chunk === 'string') reader.pushText(chunk);
    else reader.pushBytes(chunk);
    // Small batches: entries handed on quickly die young, which keeps GC cheap.
    if (entries.length >= BATCH || diagnostics.length >= BATCH) {
      const ev = batch();
      if (ev) yield ev;
    }
  }
  reader.end();
  const ev = batch();
  if (ev) yield ev;
  const end = checker.finish();
  yield { type: 'end', summary: end.summary, diagnostics: end.diagnostics };
}
