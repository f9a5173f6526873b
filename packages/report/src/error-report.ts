import type { Diagnostic } from '@usesync/domain';
import { countDiagnostics, sortDiagnostics } from '@usesync/domain';
import { caretLine, mapSpan } from './internal/caret.js';
import type { Block } from './internal/doc.js';
import { formatTime, plural } from './internal/format.js';
import { type RenderedReport, render } from './rendered.js';

/** One checked file and what was found in it. */
export interface ErrorReportFile {
  /** The uploaded file name. */
  readonly name: string;
  /** The file's lines as uploaded (without line terminators); index 0 is line 1. */
  readonly lines: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Makes a raw line safe to show (masks passphrases / passwords), e.g. `displayLine` of
   * `@usesync/import-file`. Required: the report never shows a raw line without it.
   */
  readonly display: (line: string) => string;
}

/** Input of {@link renderErrorReport}. */
export interface ErrorReportInput {
  readonly tenant: string;
  /** When the check ran (ISO-8601). */
  readonly now: string;
  readonly actionId?: string;
  readonly files: readonly ErrorReportFile[];
}

/** Longest source line reproduced under a diagnostic. */
const MAX_SHOWN_LINE = 1_000;

function diagnosticBlock(file: ErrorReportFile, d: Diagnostic): Block {
  const raw = file.lines[d.line - 1];
  const head = `${file.name}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
  const lines = [head];
  if (raw !== undefined && raw.length > MAX_SHOWN_LINE) {
    // A pathological line (e.g. 1 MB of `;`) is named, not reproduced in a mail.
    lines.push(`(line ${d.line} has ${raw.length.toLocaleString('en')} characters and is not shown)`);
  } else if (raw !== undefined) {
    const shown = file.display(raw);
    const span = mapSpan(raw, shown, d.column, d.length);
    const gutter = `${d.line} | `;
    lines.push(
      `${gutter}${shown}`,
      `${' '.repeat(gutter.length - 2)}| ${caretLine(shown, span.column, span.length)}`,
    );
  } else {
    lines.push(`(line ${d.line} is past the end of the file)`);
  }
  if (d.hint !== undefined) lines.push(`hint: ${d.hint}`);
  if (d.related !== undefined && d.related.length > 0) lines.push(`see also line ${d.related.join(', ')}`);
  return { type: 'code', lines };
}

/**
 * Renders the error report sent when checking the uploaded files aborted the sync: every
 * diagnostic with line, column, the offending line (through the file's display function, which
 * masks secrets — also of malformed lines; lines over 1 000 characters are not reproduced) with a
 * caret, and the hint. States plainly that nothing was applied.
 */
export function renderErrorReport(input: ErrorReportInput): RenderedReport {
  const title = `usesync error report ${input.tenant}`;
  const all = input.files.flatMap((f) => f.diagnostics);
  const { errors, warnings } = countDiagnostics(all);
  const header: [string, string][] = [['Tenant', input.tenant]];
  if (input.actionId !== undefined) header.push(['Action id', input.actionId]);
  for (const f of input.files) header.push(['File', f.name]);
  header.push(
    ['Checked', formatTime(input.now)],
    ['Found', `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`],
  );
  const doc: Block[] = [
    { type: 'title', text: title },
    { type: 'fields', rows: header },
    {
      type: 'notice',
      text: `The ${input.files.length === 1 ? 'file was' : 'files were'} NOT applied: nothing was changed. Correct the errors below and upload again.`,
    },
  ];
  for (const file of input.files) {
    doc.push({ type: 'section', text: `${file.name}: ${plural(file.diagnostics.length, 'finding')}` });
    if (file.diagnostics.length === 0) {
      doc.push({ type: 'paragraph', text: 'No findings in this file.' });
      continue;
    }
    for (const d of sortDiagnostics(file.diagnostics)) doc.push(diagnosticBlock(file, d));
  }
  return render(title, doc);
}
