/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition), case-insensitive.
 * Used for "did you mean …?" hints, so inputs are short words.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const n = s.length;
  const m = t.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/**
 * The candidates nearest to `word`, best first, within a distance that grows with the word's
 * length (1 for ≤ 3 letters, 2 for ≤ 6, else 3). Whitespace inside `word` is ignored, so
 * `pgp- state` suggests `pgp-state`. Returns an empty array when nothing is close.
 */
export function suggest(word: string, candidates: readonly string[], max = 2): string[] {
  const w = word.replace(/\s+/g, '');
  if (w.length === 0) return [];
  const limit = w.length <= 3 ? 1 : w.length <= 6 ? 2 : 3;
  return candidates
    .map((c) => ({ c, d: editDistance(w, c) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** Formats suggestions as a hint: "did you mean `a` or `b`?"; undefined when there are none. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const s = suggest(word, candidates);
  if (s.length === 0) return undefined;
  return `did you mean ${s.map((x) => `\`${x}\``).join(' or ')}?`;
}
