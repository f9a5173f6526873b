import { type Diagnostic, diagnostic, INVALID_UTF8 } from '@usesync/domain';
import type { OptionName, OptionValue, UseImportEntry, UseImportFile } from './ast.js';
import { EntryBuilder } from './ast-builder.js';
import { Codes, Limits } from './diagnostics.js';
import { HashIndex } from './internal/hash-index.js';
import { lineLexer } from './lexer.js';
import { lineParser, plainLineFields, type RawField } from './parser.js';
import { isTerminatorLine, TERMINATOR } from './terminator.js';

/** What one line contributed: at most one entry and its diagnostics. */
export interface LineResult {
  readonly entry?: UseImportEntry;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads a file line by line and holds the file-level state (terminator, superseded lines, options,
 * group members). The same machine serves `parse` (whole text) and `parseStream` (chunks).
 */
export class FileChecker {
  private lineNo = 0;
  private terminatorLine: number | undefined;
  /**
   * Last line per address, one index per kind, keyed by a hash of the address (see HashIndex): a
   * V8 map with string keys costs ~250 B per address, this ~24 B, which keeps a 1 M-line file in
   * bounded memory. A hash collision could only cause a spurious warning, never a changed entry.
   */
  private readonly seen = { 'smime-state': new HashIndex(), 'pgp-state': new HashIndex() };
  /** Members seen per group (only presence is read: a duplicate is a warning). */
  private readonly members = new Map<string, HashIndex>();
  private readonly options: Partial<Record<OptionName, OptionValue>> = {};

  /** Diagnostics not reported because of the per-file cap, and whether any was an error. */
  private dropped = 0;
  private droppedError = false;
  private firstDropped = 0;
  private reported = 0;

  /**
   * Feeds the next line (without its line break). `badUtf8Column` (1-based, 0 = none) marks a
   * line that held bytes that are not UTF-8; `overlongLength` a line over the length cap, whose
   * text was not kept.
   */
  push(text: string, badUtf8Column = 0, overlongLength = 0): LineResult {
    const r = this.read(text, overlongLength);
    if (badUtf8Column === 0) return this.admit(r);
    const bad = diagnostic(
      'error',
      INVALID_UTF8,
      'line is not valid UTF-8 (is the file Latin-1 / Windows-1252?); save it as UTF-8',
      this.lineNo,
      badUtf8Column,
      { hint: 'upload files as UTF-8, e.g. `iconv -f latin1 -t utf-8 in > out`' },
    );
    return this.admit({ ...r, diagnostics: [bad, ...r.diagnostics] });
  }

  /** Applies the per-file diagnostics cap. */
  private admit(r: LineResult): LineResult {
    const n = r.diagnostics.length;
    if (n === 0) return r;
    const room = Limits.maxDiagnostics - this.reported;
    if (n <= room) {
      this.reported += n;
      return r;
    }
    const kept = r.diagnostics.slice(0, Math.max(0, room));
    this.reported += kept.length;
    for (const d of r.diagnostics.slice(kept.length)) {
      if (this.dropped === 0) this.firstDropped = d.line;
      this.dropped++;
      if (d.severity === 'error') this.droppedError = true;
    }
    return r.entry === undefined ? { diagnostics: kept } : { entry: r.entry, diagnostics: kept };
  }

  private read(text: string, overlongLength: number): LineResult {
    const line = ++this.lineNo;
    if (overlongLength > 0) {
      return {
        diagnostics: [
          diagnostic(
            'error',
            Codes.LineTooLong,
            `line is ${overlongLength.toLocaleString('en')} characters long; at most ${Limits.maxLineLength.toLocaleString('en')} are read`,
            line,
            1,
            { length: 1 },
          ),
        ],
      };
    }
    // The first character that is not blank, found without building a trimmed copy of every line.
    let first = 0;
    while (first < text.length && isAsciiBlank(text.charCodeAt(first))) first++;
    if (first === text.length || (text.charCodeAt(first) > 0x7f && text.trim() === '')) return NOTHING;
    if (this.terminatorLine !== undefined) {
      const trimmed = text.trim();
      return {
        diagnostics: [
          diagnostic(
            'error',
            Codes.ContentAfterTerminator,
            `content after the \`${TERMINATOR}\` termination line (line ${this.terminatorLine})`,
            line,
            text.length - text.trimStart().length + 1,
            { length: trimmed.length, related: [this.terminatorLine] },
          ),
        ],
      };
    }
    if (text.charCodeAt(first) === 35 && isTerminatorLine(text)) {
      this.terminatorLine = line;
      return NOTHING;
    }
    const fields = this.fields(text, line);
    if (!Array.isArray(fields)) return fields;
    const builder = new EntryBuilder(line, text, this.reported >= Limits.maxDiagnostics);
    const entry = builder.build(fields);
    const diagnostics = builder.diagnostics;
    if (entry !== undefined) this.track(entry, diagnostics);
    return entry === undefined ? { diagnostics } : { entry, diagnostics };
  }

  /**
   * The fields of a line: directly for a line of plain characters (see `plainLineFields`), else
   * through the chevrotain lexer and parser, or the diagnostics of a line they reject. Protected so the benchmark can put a hand-written splitter beside it.
   */
  protected fields(text: string, line: number): RawField[] | LineResult {
    const plain = plainLineFields(text);
    if (plain !== undefined && plain.length <= Limits.maxFields) return plain;
    const tooMany = tooManyFields(text);
    if (tooMany >= 0) {
      return {
        diagnostics: [
          diagnostic(
            'error',
            Codes.TooManyFields,
            `line has more than ${Limits.maxFields} fields; it is not read`,
            line,
            tooMany + 1,
          ),
        ],
      };
    }
    const lexed = lineLexer.tokenize(text);
    if (lexed.errors.length > 0) {
      return {
        diagnostics: lexed.errors.map((e) => {
          const code = text.codePointAt(e.offset) ?? 0;
          return diagnostic(
            'error',
            Codes.UnexpectedCharacter,
            `unexpected character U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
            line,
            e.offset + 1,
            { length: e.length },
          );
        }),
      };
    }
    const parser = lineParser();
    parser.input = lexed.tokens;
    const raw = parser.line();
    if (parser.errors.length > 0) {
      // The grammar accepts every token sequence; this guards against a future grammar change.
      const e = parser.errors[0]!;
      return {
        diagnostics: [
          diagnostic('error', Codes.UnexpectedField, e.message, line, (e.token.startOffset || 0) + 1),
        ],
      };
    }
    return raw;
  }

  private track(entry: UseImportEntry, diagnostics: Diagnostic[]): void {
    switch (entry.kind) {
      case 'smime-state':
      case 'pgp-state': {
        const earlier = this.seen[entry.kind].set(entry.address, entry.line);
        if (earlier !== undefined) {
          diagnostics.push(
            diagnostic(
              'warning',
              Codes.Superseded,
              `this \`${entry.kind}\` line for ${entry.address} supersedes line ${earlier}`,
              entry.line,
              1,
              { related: [earlier] },
            ),
          );
        }
        break;
      }
      case 'group': {
        let members = this.members.get(entry.group);
        if (members === undefined) {
          members = new HashIndex(16);
          this.members.set(own(entry.group), members);
        }
        // One hash per member: `set` reports whether it was there (the stored line is not read).
        if (members.set(entry.member, entry.line) !== undefined) {
          diagnostics.push(
            diagnostic(
              'warning',
              Codes.DuplicateMember,
              `${entry.member} is already listed for group \`${entry.group}\``,
              entry.line,
              1,
            ),
          );
        }
        break;
      }
      case 'option': {
        const before = this.options[entry.option];
        if (before !== undefined) {
          diagnostics.push(
            diagnostic(
              'warning',
              Codes.OptionOverridden,
              `option \`${entry.option}\` was already set on line ${before.line}; the last one wins`,
              entry.line,
              1,
              { related: [before.line] },
            ),
          );
        }
        this.options[entry.option] = {
          value: entry.value,
          line: entry.line,
          lines: [...(before?.lines ?? []), entry.line],
        };
        break;
      }
      case 'passphrase':
        break;
    }
  }

  /** Ends the file: reports a missing terminator and returns the file-level summary. */
  finish(): { diagnostics: Diagnostic[]; summary: Omit<UseImportFile, 'entries'> } {
    const diagnostics: Diagnostic[] = [];
    if (this.dropped > 0) {
      diagnostics.push(
        diagnostic(
          this.droppedError ? 'error' : 'warning',
          Codes.TooManyDiagnostics,
          `${this.dropped.toLocaleString('en')} more ${this.droppedError ? 'findings (errors among them)' : 'warnings'} not shown: only the first ${Limits.maxDiagnostics.toLocaleString('en')} of a file are reported`,
          this.firstDropped,
          1,
          { hint: 'correct the findings shown and check the file again' },
        ),
      );
    }
    if (this.terminatorLine === undefined) {
      diagnostics.push(
        diagnostic(
          'error',
          Codes.MissingTerminator,
          `the \`${TERMINATOR}\` termination line is missing: the upload is incomplete and was not applied`,
          this.lineNo + 1,
          1,
          { hint: `end the file with a line \`${TERMINATOR}\`` },
        ),
      );
    }
    const summary = {
      options: { ...this.options },
      lineCount: this.lineNo,
      ...(this.terminatorLine === undefined ? {} : { terminatorLine: this.terminatorLine }),
    };
    return { diagnostics, summary };
  }
}

const NOTHING: LineResult = { diagnostics: [] };

/** Space, tab, LF, VT, FF, CR: the ASCII whitespace `String.prototype.trim` removes. */
function isAsciiBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Offset of the `;` that opens field number `Limits.maxFields + 1`, or -1 (a linear scan). */
function tooManyFields(text: string): number {
  let semis = 0;
  for (let i = text.indexOf(';'); i >= 0; i = text.indexOf(';', i + 1)) {
    if (++semis >= Limits.maxFields) return i;
  }
  return -1;
}

/**
 * A copy of a string that owns its characters. Substrings in V8 may point into their parent, so
 * keeping a sliced string in a long-lived map would keep a whole input chunk alive.
 */
function own(s: string): string {
  return ` ${s}`.slice(1);
}
