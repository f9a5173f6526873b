import type { KeyState, PgpKeyLength, PgpKeyType, Secret, Validity } from '@usesync/domain';

/** Where an entry came from: 1-based line number in the file. */
interface Located {
  readonly line: number;
}

/** `smime-state:<address>;name:…;teamcert:0|1;keystate:0|1[;firstname:…;lastname:…]` */
export interface SmimeStateEntry extends Located {
  readonly kind: 'smime-state';
  /** Normalised (lower-case) mailbox. */
  readonly address: string;
  readonly keyState: KeyState;
  readonly name?: string;
  readonly team?: boolean;
  /** Personal certificates: first name (`firstname`/`givenname`, or derived from `name`). */
  readonly givenName?: string;
  /** Personal certificates: last name (`lastname`/`surname`, or derived from `name`). */
  readonly surname?: string;
}

/** `pgp-state:<address>;name:…;keystate:0|1[;keylength;comment;keytype;validity]` */
export interface PgpStateEntry extends Located {
  readonly kind: 'pgp-state';
  readonly address: string;
  readonly keyState: KeyState;
  readonly name?: string;
  readonly keyLength?: PgpKeyLength;
  readonly keyType?: PgpKeyType;
  readonly comment?: string;
  readonly validity?: Validity;
}

/** `passphrase:<PASSPHRASE>;smimeimport` — the passphrase is a {@link Secret}. */
export interface PassphraseEntry extends Located {
  readonly kind: 'passphrase';
  readonly passphrase: Secret;
}

/** `group:<address|domain>;<group>` */
export interface GroupEntry extends Located {
  readonly kind: 'group';
  /** Normalised member: a mailbox or a domain. */
  readonly member: string;
  readonly memberKind: 'address' | 'domain';
  readonly group: string;
}

/** The options the manual defines. */
export type OptionName = 'action-id' | 'addmailreport' | 'addmailadmin' | 'addmailbcc';

/** `option:<value>;<option name>` */
export interface OptionEntry extends Located {
  readonly kind: 'option';
  readonly option: OptionName;
  readonly value: string;
}

/** Any entry of a `.useimport` file. */
export type UseImportEntry = SmimeStateEntry | PgpStateEntry | PassphraseEntry | GroupEntry | OptionEntry;

/** The effective value of an option (last one wins) and every line that set it. */
export interface OptionValue {
  readonly value: string;
  readonly line: number;
  readonly lines: readonly number[];
}

/** A parsed `.useimport` file. `entries` are in file order; nothing is dropped or merged. */
export interface UseImportFile {
  readonly entries: readonly UseImportEntry[];
  /** Effective options after the last-catch principle. */
  readonly options: Readonly<Partial<Record<OptionName, OptionValue>>>;
  /** Line of the `#####` terminator; undefined when missing (an incomplete upload). */
  readonly terminatorLine?: number;
  /** Number of lines in the file. */
  readonly lineCount: number;
}
