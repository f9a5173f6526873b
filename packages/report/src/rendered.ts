import type { Doc } from './internal/doc.js';
import { docToHtml } from './internal/html.js';
import { docToText } from './internal/text.js';

/** A rendered report: the title (used in mail subjects), plain text and an HTML body. */
export interface RenderedReport {
  /** e.g. `usesync sync report 12345TE`; the mailer prefixes the action id. */
  readonly title: string;
  /** Plain text, LF line endings, ends with a newline. */
  readonly text: string;
  /** A self-contained HTML page with inline styles, for the mail body. */
  readonly html: string;
}

/** Renders a document both ways. */
export function render(title: string, doc: Doc): RenderedReport {
  return { title, text: docToText(doc), html: docToHtml(doc) };
}
