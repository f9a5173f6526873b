import { type Diagnostic, diagnostic, INVALID_UTF8 } from '@usesync/domain';
import type { UseImportEntry, UseImportFile } from './ast.js';
import { FileChecker } from './checker.js';

/** One event of a streamed parse, in file order. */
export type UseImportEvent =
  | { readonly type: 'entry'; readonly entry: UseImportEntry }
  | { readonly type: 'diagnostic'; readonly diagnostic: Diagnostic }
  | { readonly type: 'end'; readonly summary: Omit<UseImportFile, 'entries'> };

/**
 * Parses a `.useimport` file from chunks (strings, or bytes decoded as UTF-8) in bounded memory:
 * entries and diagnostics are yielded as their lines are read, nothing is kept but the per-file
 * state (addresses seen, options). The last event is `end`.
 *
 * @example
 * for await (const ev of parseUseImportStream(createReadStream(path))) if (ev.type === 'entry') use(ev.entry);
 */
export async function* parseUseImportStream(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<UseImportEvent, void, undefined> {
  const checker = new FileChecker();
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let rest = '';
  let lineNo = 0;
  function* feed(line: string): Generator<UseImportEvent> {
    lineNo++;
    const bad = line.indexOf('\uFFFD');
    if (bad >= 0) {
      yield {
        type: 'diagnostic',
        diagnostic: diagnostic(
          'error',
          INVALID_UTF8,
          'line is not valid UTF-8; save the file as UTF-8',
          lineNo,
          bad + 1,
        ),
      };
    }
    const r = checker.push(line);
    if (r.entry) yield { type: 'entry', entry: r.entry };
    for (const d of r.diagnostics) yield { type: 'diagnostic', diagnostic: d };
  }
  function* drain(final: boolean): Generator<UseImportEvent> {
    let start = 0;
    for (;;) {
      const nl = rest.indexOf('\n', start);
      const cr = rest.indexOf('\r', start);
      const end = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
      if (end < 0) break;
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (end === cr && end === rest.length - 1 && !final) break;
      const next = rest[end] === '\r' && rest[end + 1] === '\n' ? end + 2 : end + 1;
      yield* feed(rest.slice(start, end));
      start = next;
    }
    rest = rest.slice(start);
    if (final && rest.length > 0) {
      yield* feed(rest);
      rest = '';
    }
  }
  for await (const chunk of source) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (lineNo === 0 && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
    yield* drain(false);
  }
  rest += decoder.decode();
  yield* drain(true);
  const end = checker.finish();
  for (const d of end.diagnostics) yield { type: 'diagnostic', diagnostic: d };
  yield { type: 'end', summary: end.summary };
}
