import { createToken, type TokenType } from 'chevrotain';

/**
 * Tokens of one import-file line. The value class is positive (every printable character except
 * `;` and `:`) so chevrotain can index it by first character: the lexer stays on its fast path.
 */
export const Semicolon: TokenType = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });

/** Separates an identifier or sub-identifier from its value; later colons belong to the value. */
export const Colon: TokenType = createToken({ name: 'Colon', pattern: /:/, label: "':'" });

/** A run of text: anything printable but the two separators (spaces and tabs included). */
export const Text: TokenType = createToken({
  name: 'Text',
  pattern: /[\t\x20-\x39\x3c-\x7e\u00a0-\uffff]+/,
  label: 'text',
});

/** All tokens, in lexer priority order. */
export const allTokens: TokenType[] = [Semicolon, Colon, Text];
