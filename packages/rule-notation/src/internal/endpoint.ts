import { isValidDomain, isValidMailbox, normalizeAddress, normalizeDomain, suggest } from '@usesync/domain';
import type { Endpoint } from '../ast.js';
import { isOptionName } from '../options.js';
import { SECRET_PREFIX } from './option.js';
import { type LineReporter, type RawField, safeEcho, withoutSpaces } from './raw.js';

const ROLE = { from: 'sender (`from`)', to: 'recipient (`to`)' } as const;

/** The group names `.useimport` accepts (`@usesync/import-file`): letters, digits, `_`, `.`, `-`. */
const GROUP_NAME = /^[\p{L}\p{N}_.-]+$/u;

/**
 * True for a valid group name, e.g. `use_test_02`: letters, digits, `_`, `.` and `-`, the same
 * set the `.useimport` grammar accepts for the groups it defines.
 */
export function isValidGroupName(name: string): boolean {
  return GROUP_NAME.test(name);
}

/** Classifies a bare word (no colon) as `*`, an address or a domain; undefined when neither. */
export function endpointOfWord(text: string): Endpoint | undefined {
  if (text === '*') return { kind: 'any' };
  // Domains in A-label form (`bücher.de` → `xn--bcher-kva.de`): one identity for both spellings.
  if (text.includes('@')) {
    const t = normalizeAddress(text);
    return isValidMailbox(t) ? { kind: 'address', address: t } : undefined;
  }
  const d = normalizeDomain(text);
  return isValidDomain(d) ? { kind: 'domain', domain: d } : undefined;
}

/**
 * Reads the `from` or `to` field: `*`, an address, a domain or `group:<name>`. Reports and
 * returns undefined when the field is not one of those.
 */
export function readEndpoint(field: RawField, role: 'from' | 'to', r: LineReporter): Endpoint | undefined {
  const length = Math.max(1, field.end - field.start);
  if (field.empty) {
    if (role === 'from')
      r.report('missingFrom', 'missing `from`: a rule is `from;to;option…`', field.start, 1);
    else r.report('missingTo', 'missing `to`: a rule is `from;to;option…`', field.start, 1);
    return undefined;
  }
  if (field.colon !== undefined) return readPrefixed(field, role, r, length);
  const text = field.headText;
  const endpoint = /\s/.test(text) ? undefined : endpointOfWord(text);
  if (endpoint !== undefined) return endpoint;
  let hint: string | undefined;
  const joined = withoutSpaces(text);
  if (joined !== text && endpointOfWord(joined) !== undefined) {
    hint = `did you mean \`${joined.toLowerCase()}\`? (whitespace is not allowed inside an address or domain)`;
  } else if (role === 'to' && isOptionName(text.toLowerCase())) {
    hint = `\`${text}\` is an option: is the \`to\` field missing? A rule is \`from;to;option…\``;
  }
  // A broken `swm`/`fs` option in the endpoint's place (a missing field) may carry a password.
  const shown = SECRET_PREFIX.test(text) ? '(not quoted: it may hold a secret)' : `\`${safeEcho(text)}\``;
  r.report(
    'badEndpoint',
    `${shown} is not a valid ${ROLE[role]}: expected an address, a domain, \`group:<name>\` or \`*\``,
    field.start,
    length,
    hint,
  );
  return undefined;
}

function readPrefixed(
  field: RawField,
  role: 'from' | 'to',
  r: LineReporter,
  length: number,
): Endpoint | undefined {
  const head = field.headText;
  if (head.toLowerCase() !== 'group') {
    const near = head === '' || r.quiet ? [] : suggest(head, ['group']);
    r.report(
      'badEndpoint',
      `\`${safeEcho(`${head}:`)}\` is not a valid ${ROLE[role]}: the only prefix is \`group:<name>\``,
      field.start,
      length,
      near.length > 0 ? 'did you mean `group:`?' : undefined,
    );
    return undefined;
  }
  const name = field.tailText;
  if (name === '') {
    r.report('emptyGroup', 'empty group name: write `group:<name>`', field.start, length);
    return undefined;
  }
  if (!isValidGroupName(name)) {
    const joined = withoutSpaces(name);
    r.report(
      'badEndpoint',
      `group name \`${safeEcho(name)}\` is not valid (letters, digits, \`_\`, \`-\`, \`.\`)`,
      field.start,
      length,
      isValidGroupName(joined) ? `did you mean \`group:${joined}\`?` : undefined,
    );
    return undefined;
  }
  return { kind: 'group', name };
}
