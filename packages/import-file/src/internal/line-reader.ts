/**
 * What the reader hands on per line: the text (without its line break and, on line 1, without
 * leading BOMs), the 1-based column of the first byte that is not UTF-8 (0 when the line is valid;
 * a real U+FFFD in valid input is not a decoding failure), and for a line over the length cap its
 * length in UTF-16 code units (the text is then empty: it was never kept).
 */
export type LineSink = (text: string, badUtf8Column: number, overlongLength: number) => void;

const LF = 10;
const CR = 13;
const BOM = 0xfeff;

/**
 * Splits text or UTF-8 bytes into lines (LF, CRLF, CR; a final break adds no line), in chunks of
 * any size, in memory bounded by the line cap: a line longer than `maxLine` is counted, not kept.
 * One machine for the whole-text, whole-bytes and streamed parsers, so they cannot disagree.
 * Bytes are decoded a chunk at a time (cut after its last line break, which never splits a UTF-8
 * sequence); only a chunk that fails strict decoding is decoded again line by line to find the
 * offending lines. Work is linear in the input.
 */
export class LineReader {
  private readonly strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Text of the line being read (its start; no line break in it). */
  private rest = '';
  /** Length so far of a line over the cap (-1 when not in one); its text is dropped. */
  private overlong = -1;
  /** The last line ended in CR: an LF at the start of the next text belongs to it. */
  private skipLF = false;
  private lines = 0;
  private badColumn = 0;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLine: number,
  ) {}

  /** Feeds UTF-8 bytes. */
  pushBytes(chunk: Uint8Array): void {
    let last = chunk.length - 1;
    while (last >= 0 && chunk[last] !== LF && chunk[last] !== CR) last--;
    if (last < 0) {
      this.hold(chunk);
      return;
    }
    const head = chunk.subarray(0, last + 1);
    this.decode(this.pending.length === 0 ? head : concat([...this.pending, head]));
    this.pending = [];
    this.pendingBytes = 0;
    this.hold(chunk.subarray(last + 1));
  }

  /** Feeds text. */
  pushText(chunk: string): void {
    let s = chunk;
    if (s.length === 0) return;
    if (this.skipLF) {
      this.skipLF = false;
      if (s.charCodeAt(0) === LF) s = s.slice(1);
    }
    const breaks = new Breaks(s);
    let start = 0;
    if (this.overlong >= 0) {
      const end = breaks.next(0);
      if (end < 0) {
        this.overlong += s.length;
        return;
      }
      this.overlong += end;
      this.emitOverlong();
      start = this.after(s, end);
    }
    if (this.rest.length > 0) {
      // Join the line in progress with the start of this chunk.
      const end = breaks.next(start);
      if (end < 0) {
        this.rest += s.slice(start);
        this.capRest();
        return;
      }
      const line = this.rest + s.slice(start, end);
      this.rest = '';
      this.emit(line);
      start = this.after(s, end);
    }
    for (;;) {
      const end = breaks.next(start);
      if (end < 0) break;
      this.emit(s.slice(start, end));
      start = this.after(s, end);
    }
    if (start < s.length) {
      this.rest = s.slice(start);
      this.capRest();
    }
  }

  /** Ends the input: the last line without a line break, if any. */
  end(): void {
    if (this.pendingBytes > 0) {
      this.decode(concat(this.pending));
      this.pending = [];
      this.pendingBytes = 0;
    }
    if (this.overlong >= 0) this.emitOverlong();
    else if (this.rest.length > 0) {
      const line = this.rest;
      this.rest = '';
      this.emit(line);
    }
  }

  /** Offset after the break at `end`, remembering a CR at the very end (maybe half a CRLF). */
  private after(s: string, end: number): number {
    if (s.charCodeAt(end) === CR) {
      if (end + 1 === s.length) {
        this.skipLF = true;
        return end + 1;
      }
      if (s.charCodeAt(end + 1) === LF) return end + 2;
    }
    return end + 1;
  }

  private capRest(): void {
    if (this.rest.length > this.maxLine) {
      this.overlong = this.rest.length;
      this.rest = '';
    }
  }

  private hold(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.overlong >= 0 || this.pendingBytes + bytes.length > 4 * this.maxLine) {
      // Four bytes per code unit at most: this line is over the cap whatever it decodes to.
      if (this.overlong < 0) this.overlong = this.rest.length;
      this.rest = '';
      this.overlong += this.lenient.decode(concat([...this.pending, bytes])).length;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(bytes.slice());
    this.pendingBytes += bytes.length;
  }

  private decode(bytes: Uint8Array): void {
    let text: string;
    try {
      text = this.strict.decode(bytes);
    } catch {
      this.decodeByLine(bytes);
      return;
    }
    this.pushText(text);
  }

  /** The slow path for a chunk that is not UTF-8: decode each line alone to mark the bad ones. */
  private decodeByLine(bytes: Uint8Array): void {
    let start = 0;
    while (start < bytes.length) {
      let end = start;
      while (end < bytes.length && bytes[end] !== LF && bytes[end] !== CR) end++;
      if (end < bytes.length) end += bytes[end] === CR && bytes[end + 1] === LF ? 2 : 1;
      const line = bytes.subarray(start, end);
      const bad = firstInvalid(line);
      if (bad >= 0) this.badColumn = this.lenient.decode(line.subarray(0, bad)).length + 1;
      this.pushText(this.lenient.decode(line));
      this.badColumn = 0;
      start = end;
    }
  }

  private emit(line: string): void {
    let text = line;
    let bad = this.badColumn;
    if (this.lines === 0) {
      let b = 0;
      while (text.charCodeAt(b) === BOM) b++;
      if (b > 0) {
        text = text.slice(b);
        if (bad > 0) bad = Math.max(1, bad - b);
      }
    }
    this.lines++;
    if (text.length > this.maxLine) this.sink('', 0, text.length);
    else this.sink(text, bad, 0);
  }

  private emitOverlong(): void {
    const length = this.overlong;
    this.overlong = -1;
    this.lines++;
    this.sink('', 0, length);
  }
}

/**
 * Finds line breaks in one string. The next LF and the next CR are each searched only once passed
 * (a fresh search per line would make a text without CRs quadratic); `indexOf` is vectorised.
 */
class Breaks {
  private nl: number;
  private cr: number;

  constructor(private readonly s: string) {
    this.nl = s.indexOf('\n');
    this.cr = s.indexOf('\r');
  }

  /** Offset of the first LF or CR at or after `from`, or -1. */
  next(from: number): number {
    if (this.nl >= 0 && this.nl < from) this.nl = this.s.indexOf('\n', from);
    if (this.cr >= 0 && this.cr < from) this.cr = this.s.indexOf('\r', from);
    return this.nl < 0 ? this.cr : this.cr < 0 ? this.nl : Math.min(this.nl, this.cr);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function firstInvalid(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) n = 2;
    else if (c >= 0xf0 && c <= 0xf4) n = 3;
    else return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    const c1 = b[i + 1]!;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 >= 0xa0)) return i;
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 >= 0x90)) return i;
    i += n + 1;
  }
  return -1;
}
