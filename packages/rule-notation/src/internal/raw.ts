import { type Diagnostic, diagnostic, didYouMean } from '@usesync/domain';
import type { IToken } from 'chevrotain';
import { RULE_CODES, type RuleCodeName } from '../diagnostics.js';

/** One `;`-separated field of a line, as the CST visitor hands it to the semantic checks. */
export interface RawField {
  /** Words before the first colon (whitespace between them survives in {@link headText}). */
  readonly head: readonly IToken[];
  /** The first colon, if any. */
  readonly colon: IToken | undefined;
  /** Words and colons after the first colon. */
  readonly tail: readonly IToken[];
  /** The head as written on the line (trimmed; inner whitespace kept). */
  readonly headText: string;
  /** The tail as written on the line (trimmed; inner whitespace kept). */
  readonly tailText: string;
  /** 0-based offset of the field's first token, or of where an empty field would be. */
  readonly start: number;
  /** 0-based offset just past the field's last token (equals start for an empty field). */
  readonly end: number;
  /** True when the field holds no token. */
  readonly empty: boolean;
}

/** The fields of one line: `from`, then `to` (absent when the line has no `;`), then options. */
export interface RawLine {
  readonly from: RawField;
  readonly to: RawField | undefined;
  readonly options: readonly RawField[];
}

/** Collects diagnostics for one line. */
export class LineReporter {
  readonly diagnostics: Diagnostic[] = [];

  /**
   * `quiet`: the file's diagnostics cap is reached, so what this line finds is only counted and
   * the did-you-mean search (the costliest part of an error) is skipped.
   */
  constructor(
    readonly line: number,
    readonly quiet = false,
  ) {}

  /** "did you mean …?" for `word`, unless this line's findings will not be shown. */
  suggest(word: string, candidates: readonly string[]): string | undefined {
    return this.quiet ? undefined : didYouMean(word, candidates);
  }

  /** Records a finding at a 0-based offset of the line. */
  report(name: RuleCodeName, message: string, offset: number, length: number, hint?: string): void {
    const c = RULE_CODES[name];
    this.diagnostics.push(
      diagnostic(
        c.severity,
        c.code,
        message,
        this.line,
        offset + 1,
        hint === undefined ? { length } : { length, hint },
      ),
    );
  }

  /** True when an error was recorded. */
  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

/**
 * Text that is safe to quote in a message: cut at the first colon, because what follows a colon
 * may be an swm password (e.g. when a `;` is missing before `swm:…`).
 */
export function safeEcho(text: string): string {
  const i = text.indexOf(':');
  return i < 0 ? text : `${text.slice(0, i)}:…`;
}

/** `text` without any whitespace, used to suggest the fix for "software-company- external.org". */
export function withoutSpaces(text: string): string {
  return text.replace(/\s+/g, '');
}
