import { Lexer } from 'chevrotain';
import { allTokens } from './tokens.js';

/**
 * The line lexer. Lines are lexed one at a time (never the whole file): that bounds memory, makes
 * every error local to its line, and keeps token vectors tiny.
 */
export const lineLexer: Lexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  skipValidations: true,
});
