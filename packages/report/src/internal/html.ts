import type { Block, Doc } from './doc.js';
import { escapeHtml as e } from './format.js';

// One style sheet instead of per-cell inline styles: a 10 000-line report stays a few MB, not ~9 MB.
const STYLE = [
  'body{font-family:Arial,Helvetica,sans-serif;font-size:14px}',
  'th,td{padding:2px 8px;vertical-align:top;text-align:left}',
  '.m{font-family:Consolas,Menlo,monospace}',
  '.n{text-align:right}',
  '.notice{border:2px solid #b00;padding:6px}',
].join('');

function fields(rows: readonly (readonly [string, string])[]): string {
  const trs = rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`);
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
      return `<p class="notice"><strong>${e(block.text)}</strong></p>`;
    case 'fields':
      return fields(block.rows);
    case 'lines': {
      const trs = block.rows.map(
        (r) =>
          `<tr><td class="m">${e(r.prefix)}</td><td class="n">${r.line}</td>` +
          `<td class="m">${e(r.text)}</td><td>${e(r.note ?? '')}</td></tr>`,
      );
      return `<table>${trs.join('')}</table>`;
    }
    case 'table': {
      const head = block.columns.map((c) => `<th>${e(c)}</th>`).join('');
      const body = block.rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`);
      return `<table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
    }
    case 'list':
      return `<ul>${block.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
    case 'records':
      return block.items.map((r) => `<h3 class="m">${e(r.heading)}</h3>${fields(r.fields)}`).join('');
    case 'code':
      return `<pre class="m">${e(block.lines.join('\n'))}</pre>`;
  }
}

/** Renders a report document as a self-contained HTML page (one embedded style sheet, no external resources). */
export function docToHtml(doc: Doc): string {
  const first = doc[0];
  const title = first?.type === 'title' ? first.text : 'usesync report';
  return [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title><style>${STYLE}</style></head>`,
    '<body>',
    ...doc.map(blockHtml),
    '</body></html>',
    '',
  ].join('\n');
}
