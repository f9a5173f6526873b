import { EmbeddedActionsParser } from 'chevrotain';
import { allTokens, FieldText, Semicolon } from './tokens.js';

/** One field of a line as offsets into the line text (the concrete tree of a line). */
export interface RawField {
  /** Offset of the field's first character. */
  readonly start: number;
  /** Offset after the field's last character. */
  readonly end: number;
}

/**
 * The generic structure of every import-file line, as the manual specifies it:
 * `identifier:value;sub-identifier:value;…`. The grammar knows the separators only; which
 * identifiers exist and what their values mean are checked on the AST (ast-builder.ts).
 */
class LineParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: true });
    this.performSelfAnalysis();
  }

  /** line := field? (';' field?)* — empty fields are kept, the checks decide about them. */
  readonly line = this.RULE('line', (): RawField[] => {
    const fields: RawField[] = [];
    let from = 0;
    this.OPTION(() => {
      const t = this.CONSUME(FieldText);
      this.ACTION(() => {
        from = t.startOffset + t.image.length;
        fields.push({ start: t.startOffset, end: from });
      });
    });
    this.MANY(() => {
      const semi = this.CONSUME(Semicolon);
      let field: RawField | undefined;
      this.OPTION2(() => {
        const t = this.CONSUME2(FieldText);
        this.ACTION(() => {
          field = { start: t.startOffset, end: t.startOffset + t.image.length };
        });
      });
      this.ACTION(() => {
        if (fields.length === 0) fields.push({ start: 0, end: 0 });
        const at = semi.startOffset + 1;
        fields.push(field ?? { start: at, end: at });
      });
    });
    return fields;
  });
}

let instance: LineParser | undefined;

/** The shared parser instance (chevrotain parsers are reusable; creating one is expensive). */
export function lineParser(): LineParser {
  instance ??= new LineParser();
  return instance;
}

export type { LineParser };

/** A line made only of characters the `FieldText` token takes, plus `;`. */
const PLAIN_LINE = /^[\t\x20-\x7e\u00a0-\uffff]*$/;

/**
 * The fields of a line whose every character is one the lexer takes without error, computed
 * directly — the very result `lineParser().line()` gives for such a line (the grammar has two
 * tokens and accepts every sequence of them, so a line is its `;`-separated segments), at a
 * fraction of the cost; checked against the chevrotain parser by a property test. Undefined for a
 * line with any other character: that one goes through chevrotain for its exact lexer errors.
 */
export function plainLineFields(text: string): RawField[] | undefined {
  if (!PLAIN_LINE.test(text)) return undefined;
  const fields: RawField[] = [];
  if (text.length === 0) return fields;
  let from = 0;
  for (let semi = text.indexOf(';'); semi >= 0; semi = text.indexOf(';', from)) {
    fields.push({ start: from, end: semi });
    from = semi + 1;
  }
  fields.push({ start: from, end: text.length });
  return fields;
}
