import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import { allTokens, Colon, Semicolon, Text } from './tokens.js';

/** One `key:value` field of a line as offsets into the line text (the concrete tree of a line). */
export interface RawField {
  /** Offset of the field's first character. */
  readonly start: number;
  /** Offset after the field's last character. */
  readonly end: number;
  /** Offset of the field's first colon, or -1 when it has none. */
  readonly colon: number;
}

/**
 * The generic structure of every import-file line, as the manual specifies it:
 * `identifier:value;sub-identifier:value;…`. The grammar knows separators only; which
 * identifiers exist and what their values mean are checked on the AST (ast-builder.ts).
 */
class LineParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: true });
    this.performSelfAnalysis();
  }

  /** line := field (';' field)* */
  readonly line = this.RULE('line', (): RawField[] => {
    const fields: RawField[] = [];
    fields.push(this.SUBRULE(this.field, { ARGS: [0] }));
    this.MANY(() => {
      const semi = this.CONSUME(Semicolon);
      const from = this.ACTION(() => semi.startOffset + 1);
      fields.push(this.SUBRULE2(this.field, { ARGS: [from] }));
    });
    return fields;
  });

  /** field := text? (':' (text | ':')*)? — a value may itself contain colons. */
  private readonly field = this.RULE('field', (from: number): RawField => {
    let end = from;
    let colon = -1;
    this.OPTION(() => {
      const t = this.CONSUME(Text);
      this.ACTION(() => {
        end = endOf(t);
      });
    });
    this.OPTION2(() => {
      const c = this.CONSUME(Colon);
      this.ACTION(() => {
        colon = c.startOffset;
        end = colon + 1;
      });
      this.MANY(() => {
        const v = this.OR([{ ALT: () => this.CONSUME2(Text) }, { ALT: () => this.CONSUME2(Colon) }]);
        this.ACTION(() => {
          end = endOf(v);
        });
      });
    });
    return { start: from, end, colon };
  });
}

function endOf(t: IToken): number {
  return t.startOffset + t.image.length;
}

let instance: LineParser | undefined;

/** The shared parser instance (chevrotain parsers are reusable; creating one is expensive). */
export function lineParser(): LineParser {
  instance ??= new LineParser();
  return instance;
}

export type { LineParser };
