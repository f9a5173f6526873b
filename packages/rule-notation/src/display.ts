import { MASK } from '@usesync/domain';
import { isOptionName } from './options.js';

/**
 * Makes a source line safe to show next to a diagnostic: every swm password is replaced by the
 * mask, also in broken lines — `swm:<pw>`, `swm <pw>` and a field after a bare `swm` (the
 * password typed after `;` instead of `:`), unless that field is a known option.
 */
export function displayRuleLine(line: string): string {
  const fields = line.split(';');
  let afterBareSwm = false;
  const out = fields.map((field, i) => {
    const lead = field.slice(0, field.length - field.trimStart().length);
    const body = field.trim();
    const m = /^swm(\s*:|\s+)/i.exec(body);
    const bareSwm = /^swm$/i.test(body);
    // `swm` after other text in the same field (a missing `;`, e.g. `fe swm:pw`).
    const inner = /\bswm(\s*:|\s+)/i.exec(field);
    let shown = field;
    if (i >= 2 && m !== null) shown = `${lead}${body.slice(0, 3)}:${MASK}`;
    else if (inner !== null && !/^comment\s*:/i.test(body))
      shown = `${field.slice(0, inner.index + 3)}:${MASK}`;
    else if (i >= 2 && afterBareSwm && body !== '' && !isOptionName(body.split(/[\s:]/)[0]!.toLowerCase())) {
      shown = `${lead}${MASK}`;
    }
    afterBareSwm = i >= 2 && bareSwm;
    return shown;
  });
  return out.join(';');
}
