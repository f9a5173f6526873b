/** A field with the 1-based line and column where it starts. */
export interface CsvField {
  readonly value: string;
  readonly line: number;
  readonly column: number;
  /** True when the field was written in double quotes. */
  readonly quoted: boolean;
}

/** A record and the line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly CsvField[];
}

/** A problem found while splitting (an unterminated quote, text after a closing quote). */
export interface CsvProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Splits RFC 4180 text into records: fields separated by `delimiter`, records by CRLF, LF or CR,
 * fields in double quotes may hold delimiters, line breaks and doubled quotes. Never throws.
 */
export function readCsv(text: string, delimiter: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  let fields: CsvField[] = [];
  let recordLine = 1;
  const newline = (at: number): number => {
    line++;
    const next = text[at] === '\r' && text[at + 1] === '\n' ? at + 2 : at + 1;
    lineStart = next;
    return next;
  };
  while (i <= text.length) {
    const startLine = line;
    const startCol = i - lineStart + 1;
    let value = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= text.length) {
          problems.push({ message: 'unterminated quoted field', line: startLine, column: startCol });
          break;
        }
        const c = text[i] as string;
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\r' || c === '\n') {
          value += c === '\r' && text[i + 1] === '\n' ? '\r\n' : c;
          i = newline(i);
          continue;
        }
        value += c;
        i++;
      }
      if (i < text.length && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n') {
        problems.push({ message: 'text after a closing quote', line, column: i - lineStart + 1 });
        while (i < text.length && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n')
          value += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== delimiter && text[i] !== '\r' && text[i] !== '\n')
        value += text[i++];
    }
    fields.push({ value, line: startLine, column: startCol, quoted });
    if (i < text.length && text[i] === delimiter) {
      i++;
      continue;
    }
    // End of record (line break or end of text); a lone empty field is an empty line, skipped.
    const only = fields[0];
    if (!(fields.length === 1 && only !== undefined && only.value === '' && !only.quoted)) {
      records.push({ line: recordLine, fields });
    }
    fields = [];
    if (i >= text.length) break;
    i = newline(i);
    recordLine = line;
  }
  return { records, problems };
}
