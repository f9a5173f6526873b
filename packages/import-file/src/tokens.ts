import { createToken, type TokenType } from 'chevrotain';

/**
 * Tokens of one import-file line. A line is fields separated by `;`; the `key:value` split inside
 * a field happens on the AST (values may contain `:`), which halves the token count against a
 * separate colon token. The field class is positive (every printable character except `;`) so
 * chevrotain indexes it by first character and the lexer stays on its fast path.
 */
export const Semicolon: TokenType = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });

/** The text of one field, `key`, `key:value` or a bare word (spaces and tabs included). */
export const FieldText: TokenType = createToken({
  name: 'FieldText',
  pattern: /[\t\x20-\x3a\x3c-\x7e\u00a0-\uffff]+/,
  label: 'field',
});

/** All tokens, in lexer priority order. */
export const allTokens: TokenType[] = [Semicolon, FieldText];
