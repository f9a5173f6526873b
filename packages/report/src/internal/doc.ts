/**
 * A tiny document model every report is built in once and then rendered twice: as plain text
 * (the report file, the mail's text part) and as HTML (the mail body). Keeping the content in one
 * place means the two renderings cannot drift apart.
 */

/** One input line with its prefix, and optionally what happened to it. */
export interface DocLine {
  readonly prefix: string;
  readonly line: number;
  readonly text: string;
  readonly note?: string;
}

/** A titled record (e.g. one certificate) with labelled fields. */
export interface DocRecord {
  readonly heading: string;
  readonly fields: readonly (readonly [string, string])[];
}

/** A block of a report. */
export type Block =
  | { readonly type: 'title'; readonly text: string }
  | { readonly type: 'section'; readonly text: string }
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'notice'; readonly text: string }
  | { readonly type: 'fields'; readonly rows: readonly (readonly [string, string])[] }
  | { readonly type: 'lines'; readonly rows: readonly DocLine[] }
  | {
      readonly type: 'table';
      readonly columns: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | { readonly type: 'list'; readonly items: readonly string[] }
  | { readonly type: 'records'; readonly items: readonly DocRecord[] }
  | { readonly type: 'code'; readonly lines: readonly string[] };

/** A whole report. */
export type Doc = readonly Block[];
