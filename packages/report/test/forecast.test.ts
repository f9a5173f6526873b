import { describe, expect, test } from 'vitest';
import { forecastExpiries, renderForecastSvg, renderForecastText } from '../src/index.js';

const NOW = new Date('2026-11-27T00:00:00Z');
const inDays = (d: number) => ({ notAfter: new Date(NOW.getTime() + d * 86_400_000).toISOString() });

describe('forecastExpiries', () => {
  test('counts certificates by the week they expire in, with the 7- and 30-day windows', () => {
    const f = forecastExpiries(
      [inDays(1), inDays(6.9), inDays(7), inDays(29), inDays(40), inDays(-2), inDays(400)],
      NOW,
      8,
    );
    expect(f.weeks.map((w) => w.count)).toEqual([2, 1, 0, 0, 1, 1, 0, 0]);
    expect(f).toMatchObject({ total: 5, within7Days: 2, within30Days: 4, overdue: 1 });
    expect(f.weeks[1]?.start).toBe('2026-12-04T00:00:00.000Z');
  });

  test('an empty list gives empty weeks and a readable histogram', () => {
    const f = forecastExpiries([], NOW, 2);
    expect(renderForecastText(f)).toBe(
      'Certificates expiring per week\nfrom 2026-11-27: 0 in 2 weeks, 0 within 7 days, 0 within 30 days\n\n2026-11-27  0  \n2026-12-04  0  \n',
    );
  });

  test('bars scale to the largest week and the SVG has one bar per week', () => {
    const f = forecastExpiries([inDays(1), inDays(2), inDays(8)], NOW, 3);
    const text = renderForecastText(f, 'Expiring', 10);
    expect(text).toContain('2026-11-27  2  ##########');
    expect(text).toContain('2026-12-04  1  #####');
    const svg = renderForecastSvg(f);
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});
