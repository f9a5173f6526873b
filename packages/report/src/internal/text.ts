import type { Block, Doc } from './doc.js';

/** The largest number, at least `floor`; no spread, so 1 M-row reports do not overflow the stack. */
function maxOf(values: readonly number[], floor: number): number {
  let m = floor;
  for (const v of values) if (v > m) m = v;
  return m;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

function fieldLines(rows: readonly (readonly [string, string])[], indent: string): string[] {
  const width = maxOf(
    rows.map(([k]) => k.length + 1),
    0,
  );
  return rows.map(([k, v]) => `${indent}${pad(`${k}:`, width)}  ${v}`.trimEnd());
}

function blockLines(block: Block): string[] {
  switch (block.type) {
    case 'title':
      return [block.text, '='.repeat(block.text.length)];
    case 'section':
      return [block.text, '-'.repeat(block.text.length)];
    case 'paragraph':
      return [block.text];
    case 'notice': {
      const bar = '*'.repeat(block.text.length + 4);
      return [bar, `* ${block.text} *`, bar];
    }
    case 'fields':
      return fieldLines(block.rows, '');
    case 'lines': {
      const width = maxOf(
        block.rows.map((r) => String(r.line).length),
        1,
      );
      const out: string[] = [];
      for (const r of block.rows) {
        out.push(`${r.prefix} ${String(r.line).padStart(width)}  ${r.text}`.trimEnd());
        if (r.note !== undefined && r.note !== '')
          out.push(`${' '.repeat(r.prefix.length + width + 3)}→ ${r.note}`);
      }
      return out;
    }
    case 'table': {
      const widths = block.columns.map((c, i) =>
        maxOf(
          block.rows.map((r) => (r[i] ?? '').length),
          c.length,
        ),
      );
      const row = (cells: readonly string[]): string =>
        widths
          .map((w, i) => pad(cells[i] ?? '', w))
          .join('  ')
          .trimEnd();
      return [row(block.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...block.rows.map(row)];
    }
    case 'list':
      return block.items.map((i) => `- ${i}`);
    case 'records': {
      const out: string[] = [];
      block.items.forEach((r, i) => {
        if (i > 0) out.push('');
        out.push(r.heading, ...fieldLines(r.fields, '    '));
      });
      return out;
    }
    case 'code':
      return block.lines.map((l) => `    ${l}`.trimEnd());
  }
}

/** Renders a report document as plain text (LF line endings, ends with one newline). */
export function docToText(doc: Doc): string {
  const parts: string[] = [];
  doc.forEach((block, i) => {
    const prev = doc[i - 1];
    // A section heading sits directly on its content; every other block is set apart by a blank line.
    if (i > 0 && prev?.type !== 'section') parts.push('');
    for (const line of blockLines(block)) parts.push(line);
  });
  return `${parts.join('\n')}\n`;
}
