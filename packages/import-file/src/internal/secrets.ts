import { editDistance } from '@usesync/domain';

/** Words a customer may put in front of a secret, in the languages USE customers write. */
const NEAR: readonly (readonly [string, number])[] = [
  ['passphrase', 3],
  ['password', 3],
  ['passwort', 3],
  ['kennwort', 3],
  ['geheimnis', 3],
  ['secret', 2],
];
const FRAGMENTS = /pass|secret|pwd|kennw|geheim|phrase/;

/** The letters of a word, lower case: `Pass-Phrase` → `passphrase`. */
function letters(word: string): string {
  return word.toLowerCase().replace(/[^a-z]/g, '');
}

/** True when `word` names a secret (`passphrase`, `pass-phrase`, `Kennwort`, `pwd`, misspellings). */
export function looksSecretWord(word: string): boolean {
  const w = letters(word);
  if (w.length < 3) return false;
  if (FRAGMENTS.test(w)) return true;
  return w.length <= 16 && NEAR.some(([v, d]) => editDistance(w, v) <= d);
}

/**
 * True when `word` is a secret's *label* that may be shown (`passphrase`, `pass-phrase`,
 * `Kennwort`, a misspelling of them), not a word that could be the secret itself.
 */
export function isShowableSecretLabel(word: string): boolean {
  if (!/^[\p{L}_-]{3,20}$/u.test(word)) return false;
  const w = letters(word);
  return w === 'pwd' || NEAR.some(([v, d]) => editDistance(w, v) <= d);
}

const WORD = /[\p{L}\p{N}_-]+/gu;
const BLANK = /^\s*$/;

/**
 * Where a line shows signs of holding a secret: the offset of the first word that labels one —
 * the first word of any `;`-field, or any word followed by `:` or `=` — or -1. A trailing
 * `smimeimport`-like field marks the whole line (offset 0): it is a passphrase line, however its
 * identifier is spelt. Linear in the line's length.
 */
export function secretMarker(text: string): number {
  // True while nothing but spaces stands between the last `;` (or the line start) and here.
  let atFieldStart = true;
  let last = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const between = text.slice(last, m.index);
    const semi = between.lastIndexOf(';');
    atFieldStart = semi >= 0 ? BLANK.test(between.slice(semi + 1)) : atFieldStart && BLANK.test(between);
    last = m.index + m[0].length;
    const labelled = atFieldStart || /^\s*[:=]/.test(text.slice(last, last + 8));
    if (labelled && looksSecretWord(m[0])) return m.index;
    atFieldStart = false;
  }
  return trailingFlag(text) === undefined ? -1 : 0;
}

/**
 * The trailing `;smimeimport` flag of a line (with its `;`), when the last field is that flag or a
 * near misspelling made of letters only — the only part of a passphrase line after the secret that
 * is provably not secret.
 */
export function trailingFlag(text: string): string | undefined {
  // A `;` after the flag (a trailing empty field) does not hide it.
  let end = text.length;
  while (end > 0 && /[\s;]/.test(text.charAt(end - 1))) end--;
  const semi = text.lastIndexOf(';', end - 1);
  if (semi < 0) return undefined;
  const flag = text.slice(semi + 1, end).trim();
  if (!/^[A-Za-z]{8,14}$/.test(flag) || editDistance(flag, 'smimeimport') > 3) return undefined;
  return text.slice(semi);
}
