import { isValidMailbox, MASK, normalizeAddress } from '@usesync/domain';
import { isOptionName } from './options.js';

/** A plain option-like word, safe to show (a typo such as `fx`); see `QUOTABLE_NAME` in option.ts. */
const PLAIN = /^[A-Za-z][A-Za-z -]{0,15}$/;

/**
 * Makes a source line safe to show next to a diagnostic (error reports, `validate`, the masked
 * upload attachment). A broken option is never shown beyond what is provably not secret:
 *
 * - every swm password is masked: `swm:<pw>`, `swm <pw>`, a field after a bare `swm` (the password
 *   typed after `;`), `swm` inside another field (a missing `;`);
 * - a broken option that starts with `swm` or `fs` (`swm=X`, `swm-X`, `swm_X`, `fs:X` that is not
 *   an address, `fs X`) shows the option name, its separator and the mask;
 * - any other broken option shows its name when that is a plain word, else only the mask.
 *
 * Valid options, endpoints and `comment:` texts are shown as written.
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
    } else if (i >= 2) shown = brokenOption(lead, body) ?? field;
    else if (i === 1 && /^(?:swm.|fs\s*[:=])/is.test(body)) shown = brokenOption(lead, body) ?? field;
    afterBareSwm = i >= 2 && bareSwm;
    return shown;
  });
  return out.join(';');
}

/** The masked form of an option field that is broken, or undefined when it is valid. */
function brokenOption(lead: string, body: string): string | undefined {
  if (body === '' || isOptionName(body.toLowerCase())) return undefined;
  const colon = body.indexOf(':');
  if (colon >= 0) {
    const name = body.slice(0, colon).trim();
    const param = body.slice(colon + 1).trim();
    const lower = name.toLowerCase();
    if (lower === 'comment') return undefined;
    if (lower === 'fs' && !/\s/.test(param) && isValidMailbox(normalizeAddress(param))) return undefined;
    const shownName = /^[A-Za-z]{1,16}$/.test(name) && !/^(?:swm|fs)./i.test(name) ? name : prefixOf(name);
    return `${lead}${shownName}:${MASK}`;
  }
  const p = /^(swm|fs)(.)/is.exec(body);
  if (p !== null) {
    const sep = p[2]!;
    const shownSep = sep === '=' || sep === '-' || sep === '_' ? sep : /\s/.test(sep) ? ':' : '';
    return `${lead}${p[1]}${shownSep}${MASK}`;
  }
  return PLAIN.test(body) ? undefined : `${lead}${MASK}`;
}

/** `swm`/`fs` at the start of a name, kept as written; otherwise nothing. */
function prefixOf(name: string): string {
  return /^(swm|fs)/i.exec(name)?.[1] ?? '';
}
