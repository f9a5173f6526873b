import type { Block, Doc } from './internal/doc.js';
import { docToHtml } from './internal/html.js';
import { docToText } from './internal/text.js';

/** A rendered report: the title (used in mail subjects), plain text and an HTML body. */
export interface RenderedReport {
  /** e.g. `usesync sync report 12345TE`; the mailer prefixes the action id. */
  readonly title: string;
  /** Plain text, LF line endings, ends with a newline: always complete. */
  readonly text: string;
  /**
   * A self-contained HTML page for the mail body. Line lists and tables longer than
   * {@link HTML_ROW_LIMIT} rows are cut there with a note pointing to the plain-text version:
   * mail clients choke on multi-megabyte HTML, and a full dump of 100 k users would be one.
   */
  readonly html: string;
}

/** Rows of one line list or table shown in the HTML version; the text version has them all. */
export const HTML_ROW_LIMIT = 2000;

/** Renders a document both ways. */
export function render(title: string, doc: Doc): RenderedReport {
  return { title, text: docToText(doc), html: docToHtml(clipForHtml(doc)) };
}

function clipForHtml(doc: Doc): Doc {
  if (!doc.some(tooLong)) return doc;
  return doc.flatMap((block): Block[] => {
    if (!tooLong(block) || (block.type !== 'lines' && block.type !== 'table')) return [block];
    const more = block.rows.length - HTML_ROW_LIMIT;
    const note: Block = {
      type: 'paragraph',
      text: `… and ${more} more rows: the plain-text version of this report (the other part of this mail) lists them all.`,
    };
    return [{ ...block, rows: block.rows.slice(0, HTML_ROW_LIMIT) } as Block, note];
  });
}

function tooLong(block: Block): boolean {
  return (block.type === 'lines' || block.type === 'table') && block.rows.length > HTML_ROW_LIMIT;
}
