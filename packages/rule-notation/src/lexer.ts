import { type ILexingResult, Lexer } from 'chevrotain';
import { allTokens } from './tokens.js';

let lexer: Lexer | undefined;

/**
 * Tokenises one line (without its line break). The lexer is built on first use, not on import,
 * and is validated to use chevrotain's first-character optimisation.
 */
export function lexLine(line: string): ILexingResult {
  lexer ??= new Lexer([...allTokens], {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
  });
  return lexer.tokenize(line);
}
