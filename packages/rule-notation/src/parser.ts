import { type CstNode, CstParser, type IRecognitionException, type IToken } from 'chevrotain';
import { lexLine } from './lexer.js';
import { allTokens, Colon, Semicolon, Word } from './tokens.js';

/**
 * The grammar of one rule line. It is deliberately total (every token sequence parses): a line
 * is `field (';' field (';' field)*)?` and a field is `head (':' tail)?`. What the fields mean —
 * the from/to endpoints, option names, parameters — is checked on the AST, where a precise
 * message with a did-you-mean is possible instead of a generic "expecting …".
 *
 * ```
 * ruleLine := field (';' field (';' field)*)?
 * field    := Word* (':' (Word | ':')*)?
 * ```
 */
class RuleLineParser extends CstParser {
  constructor() {
    super([...allTokens], { recoveryEnabled: true });
    this.performSelfAnalysis();
  }

  /** One line: from, then optionally `;to` and `;option`s. */
  readonly ruleLine = this.RULE('ruleLine', () => {
    this.SUBRULE(this.field, { LABEL: 'from' });
    this.OPTION(() => {
      this.CONSUME(Semicolon);
      this.SUBRULE2(this.field, { LABEL: 'to' });
      this.MANY(() => {
        this.CONSUME2(Semicolon);
        this.SUBRULE3(this.field, { LABEL: 'options' });
      });
    });
  });

  /** `head` words, then optionally `:` and the tail (which may contain further colons). */
  readonly field = this.RULE('field', () => {
    this.MANY(() => this.CONSUME(Word, { LABEL: 'head' }));
    this.OPTION(() => {
      this.CONSUME(Colon);
      this.MANY2(() =>
        this.OR([
          { ALT: () => this.CONSUME2(Word, { LABEL: 'tail' }) },
          { ALT: () => this.CONSUME2(Colon, { LABEL: 'tail' }) },
        ]),
      );
    });
  });
}

let parser: RuleLineParser | undefined;

function instance(): RuleLineParser {
  parser ??= new RuleLineParser();
  return parser;
}

/** The base class for a visitor of this grammar's CST (see `ast-builder.ts`). */
export function cstVisitorBase(): ReturnType<CstParser['getBaseCstVisitorConstructor']> {
  return instance().getBaseCstVisitorConstructor();
}

/** The raw result of lexing and parsing one line. */
export interface LineParse {
  /** The concrete syntax tree of the `ruleLine` rule. */
  readonly cst: CstNode;
  /** Characters the lexer could not match: offset and length in the line. */
  readonly lexErrors: readonly { readonly offset: number; readonly length: number }[];
  /** Parser errors; the grammar is total, so this stays empty unless the grammar changes. */
  readonly parseErrors: readonly IRecognitionException[];
  /** True when the line holds no token at all. */
  readonly empty: boolean;
}

/** Lexes and parses one line (no line break inside). Never throws on any input. */
export function parseLine(line: string): LineParse {
  const p = instance();
  const lexed = lexLine(line);
  p.input = lexed.tokens;
  const cst = p.ruleLine();
  return {
    cst,
    lexErrors: lexed.errors.map((e) => ({ offset: e.offset, length: e.length })),
    parseErrors: p.errors,
    empty: lexed.tokens.length === 0,
  };
}

/** The tokens a CST node holds under `label`, or none. */
export function tokensOf(node: CstNode, label: string): IToken[] {
  const c = node.children[label];
  return (c ?? []) as IToken[];
}

/** The child nodes a CST node holds under `label`, or none. */
export function nodesOf(node: CstNode, label: string): CstNode[] {
  const c = node.children[label];
  return (c ?? []) as CstNode[];
}
