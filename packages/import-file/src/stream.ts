import { type Diagnostic, diagnostic, INVALID_UTF8 } from '@usesync/domain';
import type { UseImportEntry, UseImportFile } from './ast.js';
import { FileChecker } from './checker.js';

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

/**
 * Parses a `.useimport` file from chunks (strings, or bytes decoded as UTF-8) in bounded memory:
 * entries and diagnostics are yielded per chunk as their lines are read; nothing is kept but the
 * per-file state (addresses seen, options). The last event is `end`.
 *
 * @example
 * for await (const ev of parseUseImportStream(createReadStream(path)))
 *   if (ev.type === 'batch') for (const e of ev.entries) use(e);
 */
export async function* parseUseImportStream(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<UseImportEvent, void, undefined> {
  const checker = new FileChecker();
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let rest = '';
  let lineNo = 0;
  let entries: UseImportEntry[] = [];
  let diagnostics: Diagnostic[] = [];

  const feed = (line: string): void => {
    lineNo++;
    const bad = line.indexOf('\uFFFD');
    if (bad >= 0) {
      diagnostics.push(
        diagnostic('error', INVALID_UTF8, 'line is not valid UTF-8; save the file as UTF-8', lineNo, bad + 1),
      );
    }
    const r = checker.push(line);
    if (r.entry) entries.push(r.entry);
    for (const d of r.diagnostics) diagnostics.push(d);
  };

  function* drain(final: boolean): Generator<UseImportEvent> {
    let start = 0;
    // Positions of the next LF and CR, searched only once passed (a search per line would make a
    // chunk without CRs quadratic).
    let nl = rest.indexOf('\n');
    let cr = rest.indexOf('\r');
    for (;;) {
      if (nl >= 0 && nl < start) nl = rest.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = rest.indexOf('\r', start);
      const end = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
      if (end < 0) break;
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (end === cr && end === rest.length - 1 && !final) break;
      feed(rest.slice(start, end));
      start = end === cr && rest.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      // Small batches: entries handed on quickly die young, which keeps GC cheap.
      if (entries.length >= BATCH) {
        const ev = batch();
        if (ev) yield ev;
      }
    }
    rest = rest.slice(start);
    if (final && rest.length > 0) {
      feed(rest);
      rest = '';
    }
  }

  function batch(): UseImportEvent | undefined {
    if (entries.length === 0 && diagnostics.length === 0) return undefined;
    const ev: UseImportEvent = { type: 'batch', entries, diagnostics };
    entries = [];
    diagnostics = [];
    return ev;
  }

  for await (const chunk of source) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (lineNo === 0 && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
    yield* drain(false);
  }
  rest += decoder.decode();
  yield* drain(true);
  const ev = batch();
  if (ev) yield ev;
  const end = checker.finish();
  yield { type: 'end', summary: end.summary, diagnostics: end.diagnostics };
}
