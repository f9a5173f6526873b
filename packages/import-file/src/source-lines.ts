import { Limits } from './diagnostics.js';
import { LineReader } from './internal/line-reader.js';

/**
 * The text of the given lines of a file, read from chunks (bytes or strings) in bounded memory and
 * split exactly as the parsers split it (LF/CRLF/CR, leading BOMs dropped, non-UTF-8 bytes as
 * U+FFFD) — for showing the source line under a diagnostic without holding the whole file. Lines
 * over `Limits.maxLineLength` are left out. The texts are raw: pass them through `displayLine`
 * before showing them.
 *
 * @example
 * const wanted = new Set(diagnostics.map((d) => d.line));
 * const lines = await pickLines(createReadStream(path), wanted);
 */
export async function pickLines(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  lineNumbers: ReadonlySet<number>,
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (lineNumbers.size === 0) return out;
  let last = 0;
  for (const n of lineNumbers) last = Math.max(last, n);
  let line = 0;
  const reader = new LineReader((text, _bad, overlong) => {
    line++;
    // Copy: a slice may keep the whole chunk it came from alive.
    if (overlong === 0 && lineNumbers.has(line)) out.set(line, ` ${text}`.slice(1));
  }, Limits.maxLineLength);
  for await (const chunk of source) {
    if (typeof chunk === 'string') reader.pushText(chunk);
    else reader.pushBytes(chunk);
    if (line >= last) return out;
  }
  reader.end();
  return out;
}
