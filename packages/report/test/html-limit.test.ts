import { describe, expect, test } from 'vitest';
import { HTML_ROW_LIMIT } from '../src/index.js';
import { render } from '../src/rendered.js';

describe('the HTML version of long reports', () => {
  test('cuts a long line list with a note; the text version keeps every line', () => {
    const rows = Array.from({ length: HTML_ROW_LIMIT + 5 }, (_, i) => ({
      prefix: '(%)' as const,
      line: i + 1,
      text: `smime-state:user${i}@x.com;keystate:0`,
    }));
    const r = render('t', [
      { type: 'title', text: 't' },
      { type: 'lines', rows },
    ]);
    expect(r.text).toContain(`user${HTML_ROW_LIMIT + 4}@x.com`);
    expect(r.html).toContain(`user${HTML_ROW_LIMIT - 1}@x.com`);
    expect(r.html).not.toContain(`user${HTML_ROW_LIMIT}@x.com`);
    expect(r.html).toContain('… and 5 more rows');
  });

  test('short reports are not touched', () => {
    const r = render('t', [{ type: 'lines', rows: [{ prefix: '(+)', line: 1, text: 'group:a@b.com;g' }] }]);
    expect(r.html).not.toContain('more rows');
  });
});
