import type { RawField } from './parser.js';

/** A field of a line with trimmed key/value text and 1-based columns. */
export interface Field {
  readonly key: string;
  readonly keyColumn: number;
  readonly value: string | undefined;
  readonly valueColumn: number;
  readonly column: number;
  readonly length: number;
}

/**
 * Splits one field into key and value at its first `:`. The colon is searched within the field
 * only (a search to the end of the line would make a line of many colon-less fields quadratic).
 */
export function toField(text: string, raw: RawField): Field {
  let colon = -1;
  for (let i = raw.start; i < raw.end; i++) {
    if (text.charCodeAt(i) === 58) {
      colon = i;
      break;
    }
  }
  const keyEnd = colon < 0 ? raw.end : colon;
  trim(text, raw.start, keyEnd);
  const k0 = lo;
  const k1 = hi;
  const key = text.slice(k0, k1);
  let value: string | undefined;
  let valueColumn = keyEnd + 2;
  if (colon >= 0) {
    trim(text, colon + 1, raw.end);
    const v0 = lo;
    const v1 = hi;
    value = text.slice(v0, v1);
    valueColumn = (v0 < v1 ? v0 : colon + 1) + 1;
  }
  const keyLead = k0 < k1 ? k0 - raw.start : 0;
  return {
    key,
    keyColumn: raw.start + keyLead + 1,
    value,
    valueColumn,
    column: raw.start + keyLead + 1,
    length: Math.max(1, raw.end - raw.start - keyLead),
  };
}

/** Bounds set by {@link trim} (module state: no array per call on the hottest path). */
let lo = 0;
let hi = 0;

/**
 * Sets `lo`/`hi` to the bounds of `text[start, end)` without the whitespace
 * `String.prototype.trim` removes, without building intermediate strings (ASCII whitespace
 * inline; a non-ASCII character at an edge, which may be Unicode whitespace, through `trim`).
 */
function trim(text: string, start: number, end: number): void {
  let a = start;
  let b = end;
  while (a < b && isBlank(text.charCodeAt(a))) a++;
  while (b > a && isBlank(text.charCodeAt(b - 1))) b--;
  if ((a < b && text.charCodeAt(a) > 0x7f) || (b > a && text.charCodeAt(b - 1) > 0x7f)) {
    const raw = text.slice(a, b);
    const t = raw.trim();
    if (t === '') {
      lo = b;
      hi = b;
      return;
    }
    const lead = raw.indexOf(t);
    a += lead;
    b = a + t.length;
  }
  lo = a;
  hi = b;
}

function isBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Writable view of a readonly record, for building entries without temporary objects. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Shortens user text quoted in a message (see `LineChecks.q` for lines that may hold a secret). */
export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
