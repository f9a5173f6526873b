import type { RenderedReport } from '@usesync/report';
import type { RefusalCode } from './pickup.js';

/** One refused upload. */
export interface Refusal {
  /**
   * The name: verbatim for safe names, the share's escaped form for names it cannot address
   * (undecodable bytes and control characters shown as `\xff`, `\u0007`).
   */
  readonly name: string;
  readonly code: RefusalCode;
  readonly reason: string;
  /** True when the file was removed from `use/`. */
  readonly removed: boolean;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The report of refused uploads: each file's (printable) name, why it was refused, and whether
 * it was removed. Nothing of a refused file was applied.
 */
export function renderRefusalReport(tenant: string, refusals: readonly Refusal[], now: Date): RenderedReport {
  const title = `usesync refused upload ${tenant}`;
  const lines = [
    title,
    '',
    `Tenant:      ${tenant}`,
    `Report made: ${now.toISOString()}`,
    'Result:      refused — nothing of these files was applied',
    '',
  ];
  for (const r of refusals) {
    lines.push(`(!) ${r.name}`, `    Reason: ${r.reason}`);
    lines.push(
      r.removed
        ? '    The file was removed from the upload folder; upload it again under a valid, new name.'
        : '    The file was left in place and is ignored; remove it from the share.',
    );
    lines.push('');
  }
  const text = `${lines.join('\n')}`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><pre>${escapeHtml(text)}</pre></body></html>`;
  return { title, text, html };
}
