import type { Block, Doc } from './doc.js';
import { escapeHtml as e } from './format.js';

const MONO = 'font-family:Consolas,Menlo,monospace';
const CELL = 'padding:2px 8px;vertical-align:top;text-align:left';

function fields(rows: readonly (readonly [string, string])[]): string {
  const trs = rows.map(
    ([k, v]) => `<tr><th style="${CELL}">${e(k)}</th><td style="${CELL}">${e(v)}</td></tr>`,
  );
  return `<table>${trs.join('')}</table>`;
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'title':
      return `<h1>${e(block.text)}</h1>`;
    case 'section':
      return `<h2>${e(block.text)}</h2>`;
    case 'paragraph':
      return `<p>${e(block.text)}</p>`;
    case 'notice':
      return `<p style="border:2px solid #b00;padding:6px"><strong>${e(block.text)}</strong></p>`;
    case 'fields':
      return fields(block.rows);
    case 'lines': {
      const trs = block.rows.map(
        (r) =>
          `<tr><td style="${CELL};${MONO}">${e(r.prefix)}</td><td style="${CELL};text-align:right">${r.line}</td>` +
          `<td style="${CELL};${MONO}">${e(r.text)}</td><td style="${CELL}">${e(r.note ?? '')}</td></tr>`,
      );
      return `<table>${trs.join('')}</table>`;
    }
    case 'table': {
      const head = block.columns.map((c) => `<th style="${CELL}">${e(c)}</th>`).join('');
      const body = block.rows.map(
        (r) => `<tr>${r.map((c) => `<td style="${CELL}">${e(c)}</td>`).join('')}</tr>`,
      );
      return `<table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
    }
    case 'list':
      return `<ul>${block.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
    case 'records':
      return block.items.map((r) => `<h3 style="${MONO}">${e(r.heading)}</h3>${fields(r.fields)}`).join('');
    case 'code':
      return `<pre style="${MONO}">${e(block.lines.join('\n'))}</pre>`;
  }
}

/** Renders a report document as a self-contained HTML page (inline styles only, for mail clients). */
export function docToHtml(doc: Doc): string {
  const first = doc[0];
  const title = first?.type === 'title' ? first.text : 'usesync report';
  return [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px">',
    ...doc.map(blockHtml),
    '</body></html>',
    '',
  ].join('\n');
}
