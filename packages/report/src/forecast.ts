// Certificates expiring per week: the renewal waves ops should see before they hit the CA.
// Pure: the caller passes the certificates and `now`.

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** A certificate that will expire (active ones only; the caller filters). */
export interface ExpiringCertificate {
  readonly notAfter: string;
}

/** One week of the forecast: `[start, end)`. */
export interface ForecastWeek {
  /** ISO-8601 time the week starts (week 0 starts at `now`). */
  readonly start: string;
  readonly end: string;
  readonly count: number;
}

/** Certificates expiring per week from `now`. */
export interface Forecast {
  readonly now: string;
  readonly weeks: readonly ForecastWeek[];
  /** Expiring within the forecast's weeks. */
  readonly total: number;
  readonly within7Days: number;
  readonly within30Days: number;
  /** Active certificates whose `notAfter` is already past. */
  readonly overdue: number;
}

/**
 * Counts certificates by the week (from `now`) in which they expire, for `weeks` weeks (default
 * 26), plus the 7- and 30-day counts the metrics export.
 */
export function forecastExpiries(certs: readonly ExpiringCertificate[], now: Date, weeks = 26): Forecast {
  const t0 = now.getTime();
  const counts = new Array<number>(Math.max(0, weeks)).fill(0);
  let within7Days = 0;
  let within30Days = 0;
  let overdue = 0;
  for (const c of certs) {
    const t = Date.parse(c.notAfter);
    if (Number.isNaN(t)) continue;
    const dt = t - t0;
    if (dt < 0) {
      overdue++;
      continue;
    }
    if (dt < 7 * DAY) within7Days++;
    if (dt < 30 * DAY) within30Days++;
    const w = Math.floor(dt / WEEK);
    if (w < counts.length) counts[w] = (counts[w] ?? 0) + 1;
  }
  const list = counts.map((count, i) => ({
    start: new Date(t0 + i * WEEK).toISOString(),
    end: new Date(t0 + (i + 1) * WEEK).toISOString(),
    count,
  }));
  return {
    now: now.toISOString(),
    weeks: list,
    total: counts.reduce((a, b) => a + b, 0),
    within7Days,
    within30Days,
    overdue,
  };
}

/** A text histogram: one line per week, `#` bars scaled to `width` columns. */
export function renderForecastText(
  f: Forecast,
  title = 'Certificates expiring per week',
  width = 40,
): string {
  const max = Math.max(1, ...f.weeks.map((w) => w.count));
  const digits = String(max).length;
  const lines = [
    title,
    `from ${f.now.slice(0, 10)}: ${f.total} in ${f.weeks.length} weeks, ${f.within7Days} within 7 days, ${f.within30Days} within 30 days${f.overdue ? `, ${f.overdue} already expired` : ''}`,
    '',
  ];
  for (const w of f.weeks) {
    const bar = '#'.repeat(w.count === 0 ? 0 : Math.max(1, Math.round((w.count / max) * width)));
    lines.push(`${w.start.slice(0, 10)}  ${String(w.count).padStart(digits)}  ${bar}`);
  }
  return `${lines.join('\n')}\n`;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** An SVG bar chart of the forecast (self-contained, no scripts). */
export function renderForecastSvg(f: Forecast, title = 'Certificates expiring per week'): string {
  const barW = 18;
  const gap = 4;
  const left = 40;
  const top = 30;
  const plotH = 200;
  const width = left + f.weeks.length * (barW + gap) + 20;
  const height = top + plotH + 60;
  const max = Math.max(1, ...f.weeks.map((w) => w.count));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<title>${esc(title)}</title>`,
    `<text x="${left}" y="16" font-size="13">${esc(title)} (from ${esc(f.now.slice(0, 10))})</text>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${width - 10}" y2="${top + plotH}" stroke="#333"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${max}</text>`,
    `<text x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>`,
  ];
  f.weeks.forEach((w, i) => {
    const h = Math.round((w.count / max) * plotH);
    const x = left + i * (barW + gap);
    parts.push(
      `<rect x="${x}" y="${top + plotH - h}" width="${barW}" height="${h}" fill="#3b6ea5"><title>${esc(w.start.slice(0, 10))}: ${w.count}</title></rect>`,
    );
    if (w.count > 0)
      parts.push(
        `<text x="${x + barW / 2}" y="${top + plotH - h - 3}" text-anchor="middle">${w.count}</text>`,
      );
    if (i % 4 === 0) {
      parts.push(
        `<text x="${x}" y="${top + plotH + 14}" transform="rotate(45 ${x} ${top + plotH + 14})">${esc(w.start.slice(0, 10))}</text>`,
      );
    }
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
