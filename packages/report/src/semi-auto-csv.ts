import type { Action, Diagnostic, Parsed } from '@usesync/domain';
import { diagnostic, isValidMailbox, normalizeAddress } from '@usesync/domain';
import { stringify } from 'csv-stringify/sync';
import { readCsv } from './internal/csv-read.js';

/** One certificate the service desk is asked to create. */
export interface SemiAutoRow {
  readonly address: string;
  /** CN for team certificates; display name for personal ones. */
  readonly name: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly team: boolean;
  /** The CA product to order (from the tenant configuration). */
  readonly product: string;
  /** Why, in words (e.g. a renewal of an expiring serial). */
  readonly reason: string;
}

/** The header row, in column order. */
export const SEMI_AUTO_COLUMNS = [
  'address',
  'name',
  'givenname',
  'surname',
  'type',
  'product',
  'reason',
] as const;

/** The field delimiter: `;`, which spreadsheets in CH/DE/AT locales open directly. */
export const SEMI_AUTO_DELIMITER = ';';

/** Diagnostic codes of {@link parseSemiAutoCsv}. */
export const SemiAutoCodes = {
  syntax: 'CSV001',
  header: 'CSV002',
  columns: 'CSV003',
  address: 'CSV004',
  type: 'CSV005',
  required: 'CSV006',
} as const;

// A cell starting with one of these is run as a formula by spreadsheets (CSV/formula injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes a cell safe for spreadsheets: a leading `=`, `+`, `-`, `@`, TAB or CR gets an apostrophe in
 * front. A leading apostrophe is doubled as well, so {@link unescapeCell} is an exact inverse.
 */
export function escapeCell(value: string): string {
  return FORMULA_START.test(value) || value.startsWith("'") ? `'${value}` : value;
}

/** Inverse of {@link escapeCell}: drops one leading apostrophe. */
export function unescapeCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

/** The rows for the semi-automatic S/MIME creations of a plan (or a WatchDog run). */
export function semiAutoRows(
  actions: readonly Action[],
  products: { readonly personal: string; readonly team: string },
): SemiAutoRow[] {
  const rows: SemiAutoRow[] = [];
  for (const a of actions) {
    if (a.kind !== 'smime-create' || a.mode !== 'semi-automatic') continue;
    const row: { -readonly [K in keyof SemiAutoRow]: SemiAutoRow[K] } = {
      address: a.address,
      name: a.name,
      team: a.team,
      product: a.team ? products.team : products.personal,
      reason: a.renews ? `renewal of ${a.renews.serial} (expires ${a.renews.notAfter})` : a.reason,
    };
    if (a.givenName !== undefined) row.givenName = a.givenName;
    if (a.surname !== undefined) row.surname = a.surname;
    rows.push(row);
  }
  return rows;
}

/**
 * Renders the semi-automatic CSV: a header, one row per certificate, `;`-separated, CRLF line
 * ends, RFC 4180 quoting, every cell formula-injection safe ({@link escapeCell}).
 */
export function renderSemiAutoCsv(rows: readonly SemiAutoRow[]): string {
  const records = rows.map((r) =>
    [
      r.address,
      r.name,
      r.givenName ?? '',
      r.surname ?? '',
      r.team ? 'team' : 'personal',
      r.product,
      r.reason,
    ].map(escapeCell),
  );
  return stringify([[...SEMI_AUTO_COLUMNS], ...records], {
    delimiter: SEMI_AUTO_DELIMITER,
    record_delimiter: 'windows',
    // Quote line breaks of any kind (the record delimiter is CRLF) and surrounding blanks.
    quoted_match: /^\s|\s$|[\r\n]/,
  });
}

/**
 * Reads a semi-automatic CSV back (for `usesync batch-import`): accepts `;` or `,` as delimiter
 * (taken from the header), a BOM, CRLF or LF. Never throws: every problem is a diagnostic; rows
 * with errors are left out of the value.
 */
export function parseSemiAutoCsv(text: string): Parsed<SemiAutoRow[]> {
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') || !firstLine.includes(',') ? ';' : ',';
  const { records, problems } = readCsv(text, delimiter);
  const diagnostics: Diagnostic[] = problems.map((p) =>
    diagnostic('error', SemiAutoCodes.syntax, p.message, p.line, p.column),
  );
  const rows: SemiAutoRow[] = [];
  const [head, ...body] = records;
  const names = head?.fields.map((f) => f.value.trim().toLowerCase()) ?? [];
  if (head === undefined || SEMI_AUTO_COLUMNS.some((c, i) => names[i] !== c)) {
    diagnostics.push(
      diagnostic('error', SemiAutoCodes.header, 'missing or wrong header row', head?.line ?? 1, 1, {
        hint: `expected ${SEMI_AUTO_COLUMNS.join(delimiter)}`,
      }),
    );
    return { value: rows, diagnostics };
  }
  for (const rec of body) {
    const errs: Diagnostic[] = [];
    if (rec.fields.length !== SEMI_AUTO_COLUMNS.length) {
      errs.push(
        diagnostic(
          'error',
          SemiAutoCodes.columns,
          `expected ${SEMI_AUTO_COLUMNS.length} fields, found ${rec.fields.length}`,
          rec.line,
          1,
        ),
      );
      diagnostics.push(...errs);
      continue;
    }
    const cell = (i: number): string => unescapeCell(rec.fields[i]?.value ?? '').trim();
    const at = (i: number): { line: number; column: number } =>
      rec.fields[i] ?? { line: rec.line, column: 1 };
    const address = cell(0);
    if (!isValidMailbox(address)) {
      errs.push(
        diagnostic('error', SemiAutoCodes.address, 'not a valid e-mail address', at(0).line, at(0).column),
      );
    }
    const type = cell(4).toLowerCase();
    if (type !== 'team' && type !== 'personal') {
      errs.push(
        diagnostic(
          'error',
          SemiAutoCodes.type,
          'type must be `team` or `personal`',
          at(4).line,
          at(4).column,
        ),
      );
    }
    for (const i of [1, 5]) {
      if (cell(i) === '') {
        const name = SEMI_AUTO_COLUMNS[i] ?? '';
        errs.push(diagnostic('error', SemiAutoCodes.required, `${name} is empty`, at(i).line, at(i).column));
      }
    }
    diagnostics.push(...errs);
    if (errs.length > 0) continue;
    const row: { -readonly [K in keyof SemiAutoRow]: SemiAutoRow[K] } = {
      address: normalizeAddress(address),
      name: cell(1),
      team: type === 'team',
      product: cell(5),
      reason: cell(6),
    };
    if (cell(2) !== '') row.givenName = cell(2);
    if (cell(3) !== '') row.surname = cell(3);
    rows.push(row);
  }
  return { value: rows, diagnostics };
}
