import { isValidMailbox, MASK, normalizeAddress, Secret } from '@usesync/domain';
import type { OptionName, RuleOption, Span } from '../ast.js';
import { isOptionName, OPTION_NAMES, OPTION_SPECS } from '../options.js';
import { type LineReporter, type RawField, withoutSpaces } from './raw.js';

/** An option read from a field, with where it stands on the line. */
export interface ReadOption {
  /** The option's name, known even when its parameter is wrong (to catch a repeated option). */
  readonly name: OptionName;
  /** The option, or undefined when its parameter was reported as wrong. */
  readonly option: RuleOption | undefined;
  readonly span: Span;
}

/** A name that is plainly a word, safe to quote back (a password typed as an option is not). */
const QUOTABLE_NAME = /^[A-Za-z][A-Za-z -]{0,15}$/;

/** An option field that starts like `swm` or `fs` with something after it: never quoted. */
export const SECRET_PREFIX = /^(?:swm.|fs[^a-z])/is;

/**
 * Reads one option field (`name` or `name:parameter`). `previous` is the option field before it
 * on the same line: after a bare `swm`, an unknown word is most likely its password typed after
 * `;` instead of `:`, so it is not quoted back.
 */
export function readOption(
  field: RawField,
  previous: RawField | undefined,
  r: LineReporter,
): ReadOption | undefined {
  const span: Span = { column: field.start + 1, length: Math.max(1, field.end - field.start) };
  if (field.empty) {
    r.report('emptyField', 'empty option field: remove the stray `;`', Math.max(0, field.start - 1), 1);
    return undefined;
  }
  const written = field.headText;
  if (written === '') {
    r.report('missingOptionName', 'option name missing before `:`', field.start, span.length);
    return undefined;
  }
  const name = written.toLowerCase();
  if (!isOptionName(name)) {
    reportUnknown(field, previous, r, span.length);
    return undefined;
  }
  return { name, option: readParameter(name, field, r, span.length), span };
}

function reportUnknown(field: RawField, previous: RawField | undefined, r: LineReporter, length: number) {
  const written = field.headText;
  const afterBareSwm =
    previous !== undefined && previous.colon === undefined && previous.headText.toLowerCase() === 'swm';
  // `swm X`, `swm=X`, `swm-X`, `swm_X`, `swmX`, `fs X`, `fs=X`: what follows the name may be a password.
  if (SECRET_PREFIX.test(written) || afterBareSwm) {
    r.report(
      'unknownOption',
      'unknown option (not quoted: it may be an swm password)',
      field.start,
      length,
      'did you mean `swm:<password>`?',
    );
    return;
  }
  if (!QUOTABLE_NAME.test(written)) {
    r.report('unknownOption', 'unknown option (not quoted: it may be a secret)', field.start, length);
    return;
  }
  r.report(
    'unknownOption',
    `unknown option \`${written}\``,
    field.start,
    length,
    r.suggest(written, OPTION_NAMES),
  );
}

function readParameter(
  name: OptionName,
  field: RawField,
  r: LineReporter,
  length: number,
): RuleOption | undefined {
  const spec = OPTION_SPECS[name];
  const hasColon = field.colon !== undefined;
  const param = field.tailText;
  const colonOffset = field.colon?.startOffset ?? field.start;
  switch (spec.param) {
    case 'none':
      if (hasColon) {
        r.report(
          'unexpectedParameter',
          `option \`${name}\` takes no parameter`,
          colonOffset,
          field.end - colonOffset,
          `write \`${name}\` alone`,
        );
        return undefined;
      }
      return { name: name as Exclude<OptionName, 'fs' | 'comment' | 'swm'> };
    case 'optional-address': {
      if (!hasColon) return { name: 'fs' };
      if (param === '') {
        r.report(
          'missingParameter',
          '`fs:` without a key address',
          field.start,
          length,
          'write `fs` alone or `fs:<key address>`',
        );
        return undefined;
      }
      const key = normalizeAddress(param);
      if (/\s/.test(key) || !isValidMailbox(key)) {
        const joined = withoutSpaces(key);
        r.report(
          'badKeyAddress',
          // Never quoted: a broken `fs:` may have caught a password (e.g. meant for `swm:`).
          'the key for `fs` is not a valid address (not quoted: it may be a secret)',
          colonOffset + 1,
          Math.max(1, field.end - colonOffset - 1),
          joined !== key && isValidMailbox(joined) ? `did you mean \`fs:${joined}\`?` : undefined,
        );
        return undefined;
      }
      return { name: 'fs', key };
    }
    case 'required-text':
      if (param === '') {
        r.report('missingParameter', '`comment` needs a text', field.start, length, 'write `comment:<text>`');
        return undefined;
      }
      return { name: 'comment', text: param };
    case 'optional-secret':
      if (!hasColon) return { name: 'swm' };
      if (param === '') {
        r.report(
          'missingParameter',
          '`swm:` without a password',
          field.start,
          length,
          'write `swm` alone or `swm:<password>`',
        );
        return undefined;
      }
      if (param === MASK) {
        r.report(
          'maskedPassword',
          `the swm password is the mask \`${MASK}\`: this looks like a masked rendering, not the target state`,
          colonOffset + 1,
          field.end - colonOffset - 1,
          'write the real password, or `swm` without one',
        );
        return undefined;
      }
      return { name: 'swm', password: new Secret(param) };
  }
}
