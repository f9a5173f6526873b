import type { Severity } from '@usesync/domain';

/** One stable diagnostic code of this package, with its severity and what it means. */
export interface RuleCode {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
}

const code = (c: string, severity: Severity, title: string): RuleCode => ({ code: c, severity, title });

/**
 * Every diagnostic code `@usesync/rule-notation` emits. Codes are stable: a code is never reused
 * for a different finding. `RULE0xx` come from parsing, `RULE1xx` from the linter.
 */
export const RULE_CODES = {
  unknownOption: code('RULE001', 'error', 'unknown option (with did-you-mean)'),
  missingTo: code('RULE002', 'error', 'missing `to` field'),
  noOption: code('RULE003', 'error', 'rule has no option'),
  emptyGroup: code('RULE004', 'error', 'empty group name after `group:`'),
  badEndpoint: code('RULE005', 'error', 'from/to is not an address, a domain, `group:<name>` or `*`'),
  duplicateOption: code('RULE006', 'error', 'option given twice on one rule'),
  unexpectedParameter: code('RULE007', 'error', 'parameter on an option that takes none'),
  afterTerminator: code('RULE008', 'error', 'content after the `#####` terminator'),
  badKeyAddress: code('RULE009', 'error', '`fs:<key>` is not a valid address'),
  missingParameter: code(
    'RULE010',
    'error',
    'option needs a parameter (`comment:<text>`, non-empty `fs:`/`swm:`)',
  ),
  badCharacter: code('RULE011', 'error', 'character not allowed in a rule file (control character)'),
  missingFrom: code('RULE012', 'error', 'missing `from` field'),
  maskedPassword: code(
    'RULE013',
    'error',
    'swm password is the mask `••••••` (a masked rendering was uploaded)',
  ),
  missingOptionName: code('RULE014', 'error', 'option name missing before `:`'),
  syntaxError: code(
    'RULE015',
    'error',
    'syntax error (a guard: the line grammar is total, so this should never appear)',
  ),
  lineTooLong: code('RULE016', 'error', 'line longer than 64 KiB (not parsed)'),
  tooManyFields: code('RULE017', 'error', 'line with more than 64 fields (not parsed)'),
  tooManyDiagnostics: code(
    'RULE018',
    'error',
    'more than 1 000 findings in a file: the rest are counted in one',
  ),
  emptyField: code('RULE101', 'warning', 'empty option field (stray `;`)'),
  duplicateRule: code('RULE102', 'warning', 'duplicate rule: an earlier line is identical'),
  shadowedRule: code('RULE103', 'warning', 'rule never applies: an earlier rule has the same from and to'),
  untouchedWithCrypto: code('RULE104', 'warning', '`untouched` combined with a crypto option'),
  pgpWithSmime: code('RULE105', 'warning', '`pgp` combined with `smime`'),
  feWithMe: code('RULE106', 'warning', '`fe` combined with `me`'),
  forceSignWithoutKey: code('RULE107', 'warning', '`fs` without a key for a sender that is not one address'),
  unknownSigningKey: code('RULE108', 'warning', 'signing demanded but no signing key is known for it'),
  unknownGroup: code('RULE109', 'warning', 'group unknown to the given set of groups'),
  noAction: code('RULE110', 'warning', 'rule has only a comment: it changes nothing'),
} as const satisfies Record<string, RuleCode>;

/**
 * The limits that keep parsing linear in the input and its output bounded, whatever the upload.
 * A real rule line has at most 16 fields (from, to, fourteen options) and a few hundred characters.
 */
export const RULE_LIMITS = {
  /** Longest line parsed, in UTF-16 code units; a longer one is RULE016. */
  maxLineLength: 65_536,
  /** Most `;`-separated fields on a line; more is RULE017. */
  maxFields: 64,
  /** Most diagnostics reported per file; the rest are summed up in one RULE018. */
  maxDiagnostics: 1_000,
} as const;

/** The name of one entry of {@link RULE_CODES}. */
export type RuleCodeName = keyof typeof RULE_CODES;
