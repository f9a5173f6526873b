import type { Diagnostic } from '@usesync/domain';
import type { CstChildrenDictionary, CstNode, ICstVisitor, IToken } from 'chevrotain';
import type { Endpoint, Rule, RuleOption, Span } from './ast.js';
import { readEndpoint } from './internal/endpoint.js';
import { readOption } from './internal/option.js';
import { LineReporter, type RawField, type RawLine } from './internal/raw.js';
import { optionRank } from './options.js';
import { cstVisitorBase, type LineParse } from './parser.js';

type Visitor = ICstVisitor<string, RawLine | RawField> & {
  ruleLine(ctx: CstChildrenDictionary, line: string): RawLine;
  field(ctx: CstChildrenDictionary, line: string): RawField;
};

let visitor: Visitor | undefined;

/**
 * The CST visitor: turns the concrete tree of one line into {@link RawLine} fields with their
 * offsets. Built on first use (the base class comes from the parser instance).
 */
function getVisitor(): Visitor {
  if (visitor !== undefined) return visitor;
  const Base = cstVisitorBase();
  class RawLineVisitor extends Base {
    constructor() {
      super();
      this.validateVisitor();
    }

    ruleLine(ctx: CstChildrenDictionary, line: string): RawLine {
      const semis = (ctx.Semicolon ?? []) as IToken[];
      const field = (node: CstNode | undefined, afterSemi: IToken | undefined, fallback: number): RawField =>
        node === undefined
          ? emptyField(afterSemi === undefined ? fallback : afterSemi.startOffset + 1)
          : this.fieldAt(node, line, afterSemi === undefined ? fallback : afterSemi.startOffset + 1);
      const fromNode = (ctx.from as CstNode[] | undefined)?.[0];
      const toNode = (ctx.to as CstNode[] | undefined)?.[0];
      const optionNodes = (ctx.options ?? []) as CstNode[];
      const lineStart = line.length - line.trimStart().length;
      return {
        from: field(fromNode, undefined, lineStart),
        to: semis[0] === undefined ? undefined : field(toNode, semis[0], 0),
        options: optionNodes.map((n, i) => field(n, semis[i + 1], 0)),
      };
    }

    fieldAt(node: CstNode, line: string, emptyAt: number): RawField {
      const raw = this.visit(node, line) as RawField;
      return raw.empty ? emptyField(emptyAt) : raw;
    }

    field(ctx: CstChildrenDictionary, line: string): RawField {
      const head = (ctx.head ?? []) as IToken[];
      const colon = (ctx.Colon as IToken[] | undefined)?.[0];
      const tail = (ctx.tail ?? []) as IToken[];
      const all = [...head, ...(colon ? [colon] : []), ...tail].sort((a, b) => a.startOffset - b.startOffset);
      const first = all[0];
      const last = all[all.length - 1];
      if (first === undefined || last === undefined) return emptyField(0);
      return {
        head,
        colon,
        tail,
        headText: textOf(line, head),
        tailText: textOf(
          line,
          [...tail].sort((a, b) => a.startOffset - b.startOffset),
        ),
        start: first.startOffset,
        end: endOf(last),
        empty: false,
      };
    }
  }
  visitor = new RawLineVisitor() as unknown as Visitor;
  return visitor;
}

function endOf(t: IToken): number {
  return t.startOffset + t.image.length;
}

function textOf(line: string, tokens: readonly IToken[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (first === undefined || last === undefined) return '';
  return line.slice(first.startOffset, endOf(last)).trim();
}

function emptyField(at: number): RawField {
  return {
    head: [],
    colon: undefined,
    tail: [],
    headText: '',
    tailText: '',
    start: at,
    end: at,
    empty: true,
  };
}

/** The result of building one line: the rule (absent when the line has an error) and findings. */
export interface BuiltLine {
  readonly rule: Rule | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Builds the AST of one rule line from its parse, running the semantic checks of the fields.
 * A line with any error yields no rule, only diagnostics (all of them, not just the first).
 * `quiet` skips did-you-mean hints (the file's diagnostics cap is reached).
 */
export function buildRuleLine(parsed: LineParse, text: string, lineNumber: number, quiet = false): BuiltLine {
  const r = new LineReporter(lineNumber, quiet);
  for (const e of parsed.lexErrors) {
    const ch = text.codePointAt(e.offset) ?? 0;
    r.report(
      'badCharacter',
      `character U+${ch.toString(16).toUpperCase().padStart(4, '0')} is not allowed`,
      e.offset,
      e.length,
    );
  }
  for (const e of parsed.parseErrors) {
    const offset = Number.isNaN(e.token.startOffset) ? 0 : e.token.startOffset;
    r.report('syntaxError', 'syntax error', offset, Math.max(1, e.token.image.length));
  }
  const raw = getVisitor().visit(parsed.cst, text) as RawLine;
  const from = readEndpoint(raw.from, 'from', r);
  let to: Endpoint | undefined;
  if (raw.to === undefined) {
    r.report('missingTo', 'missing `to`: a rule is `from;to;option…`', Math.max(0, raw.from.end), 1);
  } else {
    to = readEndpoint(raw.to, 'to', r);
  }
  const options: { option: RuleOption; span: Span }[] = [];
  const seen = new Set<string>();
  raw.options.forEach((field, i) => {
    const read = readOption(field, raw.options[i - 1], r);
    if (read === undefined) return;
    if (seen.has(read.name)) {
      r.report(
        'duplicateOption',
        `option \`${read.name}\` is given twice`,
        read.span.column - 1,
        read.span.length,
        'remove one of them',
      );
      return;
    }
    seen.add(read.name);
    if (read.option !== undefined) options.push({ option: read.option, span: read.span });
  });
  if (raw.to !== undefined && raw.options.every((f) => f.empty)) {
    r.report('noOption', 'the rule has no option: a rule is `from;to;option…`', raw.to.end, 1);
  }
  if (r.failed || from === undefined || to === undefined)
    return { rule: undefined, diagnostics: r.diagnostics };
  options.sort((a, b) => optionRank(a.option.name) - optionRank(b.option.name));
  const rule: Rule = {
    line: lineNumber,
    from,
    to,
    options: options.map((o) => o.option),
    loc: {
      from: { column: raw.from.start + 1, length: Math.max(1, raw.from.end - raw.from.start) },
      to: { column: raw.to!.start + 1, length: Math.max(1, raw.to!.end - raw.to!.start) },
      options: options.map((o) => o.span),
    },
  };
  return { rule, diagnostics: r.diagnostics };
}
