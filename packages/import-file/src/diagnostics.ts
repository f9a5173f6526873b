/**
 * Stable diagnostic codes of `.useimport` files. Codes never change meaning; new checks get new
 * codes. `TXT001` (not UTF-8) comes from `@usesync/domain`.
 */
export const Codes = {
  /** A character the format does not allow (control characters). */
  UnexpectedCharacter: 'USE001',
  /** The line does not start with a known identifier. */
  UnknownIdentifier: 'USE002',
  /** The identifier or a sub-identifier is not followed by `:` and a value. */
  MissingValue: 'USE003',
  /** A sub-identifier that the identifier does not have. */
  UnknownSubIdentifier: 'USE004',
  /** The same sub-identifier twice on one line. */
  DuplicateSubIdentifier: 'USE005',
  /** A mandatory sub-identifier is missing. */
  MissingSubIdentifier: 'USE006',
  /** A value outside its enumeration (keystate, teamcert, keylength, keytype, validity). */
  InvalidValue: 'USE007',
  /** Not a valid mailbox. */
  InvalidAddress: 'USE008',
  /** Not a valid mailbox or domain (group members). */
  InvalidMember: 'USE009',
  /** Not a valid group name. */
  InvalidGroupName: 'USE010',
  /** A field that does not belong on this kind of line (e.g. a third field on a group line). */
  UnexpectedField: 'USE011',
  /** The `#####` termination line is missing: the upload is incomplete. */
  MissingTerminator: 'USE012',
  /** Content after the `#####` termination line. */
  ContentAfterTerminator: 'USE013',
  /** Warning: a later line for the same address and kind supersedes an earlier one. */
  Superseded: 'USE014',
  /** Warning: an option given again; the last one wins. */
  OptionOverridden: 'USE015',
  /** Warning: a group member domain without a top-level domain. */
  SingleLabelDomain: 'USE016',
  /** Warning: first and last name had to be guessed from `name`. */
  NameSplitGuessed: 'USE017',
  /** Warning: the same member listed twice for a group. */
  DuplicateMember: 'USE018',
  /** The passphrase line does not end in `;smimeimport`, or the passphrase is empty. */
  InvalidPassphraseLine: 'USE019',
  /** A line longer than the cap (64 KiB); it is not parsed. */
  LineTooLong: 'USE020',
  /** A line with more fields than the cap (64); it is not parsed. */
  TooManyFields: 'USE021',
  /** More diagnostics than the cap (1 000) in one file: the rest are counted in this one. */
  TooManyDiagnostics: 'USE022',
  /** An `smime-state` address whose local part is not ASCII: no certificate can carry it. */
  NonAsciiLocalPart: 'USE023',
} as const;

/**
 * The limits that keep parsing linear in the input and its output bounded, whatever the upload:
 * no real line comes near them (the longest manual line has 8 fields and ~200 characters).
 */
export const Limits = {
  /** Longest line parsed, in UTF-16 code units; a longer one is USE020 and is not kept in memory. */
  maxLineLength: 65_536,
  /** Most `;`-separated fields on a line; more is USE021. */
  maxFields: 64,
  /** Most diagnostics reported per file; the rest are summed up in one USE022. */
  maxDiagnostics: 1_000,
} as const;

/** A diagnostic code of this package. */
export type UseImportCode = (typeof Codes)[keyof typeof Codes];
