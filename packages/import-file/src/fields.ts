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
  const keyRaw = text.slice(raw.start, keyEnd);
  const key = keyRaw.trim();
  const keyLead = key === '' ? 0 : keyRaw.indexOf(key[0]!);
  let value: string | undefined;
  let valueColumn = keyEnd + 2;
  if (colon >= 0) {
    const valueRaw = text.slice(colon + 1, raw.end);
    value = valueRaw.trim();
    valueColumn = colon + 2 + (value === '' ? 0 : valueRaw.indexOf(value[0]!));
  }
  return {
    key,
    keyColumn: raw.start + keyLead + 1,
    value,
    valueColumn,
    column: raw.start + keyLead + 1,
    length: Math.max(1, raw.end - raw.start - keyLead),
  };
}

/** Writable view of a readonly record, for building entries without temporary objects. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Shortens user text quoted in a message (see `LineChecks.q` for lines that may hold a secret). */
export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
