/**
 * Maps a span of a raw line onto its displayed (masked) form. The display function may replace a
 * part of the line (a passphrase, a password) by a mask of another length; columns before the
 * replaced part stay, columns after it shift, and a span inside it points at the whole mask (so
 * the caret never tells the length of a secret).
 */
export function mapSpan(
  raw: string,
  shown: string,
  column: number,
  length: number,
): { column: number; length: number } {
  if (raw === shown) return { column, length };
  let p = 0;
  while (p < raw.length && p < shown.length && raw[p] === shown[p]) p++;
  let s = 0;
  while (
    s < raw.length - p &&
    s < shown.length - p &&
    raw[raw.length - 1 - s] === shown[shown.length - 1 - s]
  )
    s++;
  const rawEnd = raw.length - s;
  const shownEnd = shown.length - s;
  const start = column - 1;
  const end = start + length;
  const mapPos = (pos: number, isEnd: boolean): number => {
    if (pos <= p) return pos;
    if (pos >= rawEnd) return pos + (shownEnd - rawEnd);
    return isEnd ? shownEnd : p;
  };
  const from = mapPos(start, false);
  const to = Math.max(from + 1, mapPos(end, true));
  return { column: from + 1, length: to - from };
}

/** A caret line under `shown` for the 1-based `column` and `length` (tabs kept so it lines up). */
export function caretLine(shown: string, column: number, length: number): string {
  const lead = [...shown.slice(0, column - 1)].map((c) => (c === '\t' ? '\t' : ' ')).join('');
  const width = Math.max(1, Math.min(length, Math.max(1, shown.length - (column - 1))));
  return `${lead}^${'~'.repeat(width - 1)}`;
}
