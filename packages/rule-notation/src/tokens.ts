import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * The tokens of one `.ruleimport` line. Every pattern is a positive character class so
 * chevrotain's first-character optimisation applies (a negated class such as `[^;:\r\n]` cannot
 * be optimised). Whitespace is skipped: free text (comments, passwords) is recovered from the
 * line by token offsets, so its inner spacing survives.
 */

/** Spaces and tabs between and around fields; skipped. */
export const WhiteSpace: TokenType = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t]+/,
  group: Lexer.SKIPPED,
});

/** The field separator `;`. */
export const Semicolon: TokenType = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });

/** The separator between a prefix and its value: `group:<name>`, `fs:<key>`, `comment:<text>`. */
export const Colon: TokenType = createToken({ name: 'Colon', pattern: /:/, label: "':'" });

/**
 * A run of printable characters other than whitespace, `;` and `:`: ASCII `!`–`9` and `<`–`~`
 * plus everything from U+0080 up (non-ASCII letters, NBSP, surrogate halves). What a word means
 * (address, domain, `*`, option name, text) is decided on the AST, not by the lexer.
 */
export const Word: TokenType = createToken({
  name: 'Word',
  pattern: /[!-9<-~\u0080-\uffff]+/,
  label: 'word',
});

/** All tokens in lexing order. */
export const allTokens: readonly TokenType[] = [WhiteSpace, Semicolon, Colon, Word];
