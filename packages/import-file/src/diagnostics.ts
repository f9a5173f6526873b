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
} as const;

/** A diagnostic code of this package. */
export type UseImportCode = (typeof Codes)[keyof typeof Codes];
