import { MASK } from '@usesync/domain';
import type { OptionName, RuleOption } from './ast.js';

/** What parameter an option takes. */
export type OptionParam = 'none' | 'optional-address' | 'required-text' | 'optional-secret';

/** What the manual says about one option, and how this package treats it. */
export interface OptionSpec {
  readonly name: OptionName;
  /** The manual's short name, e.g. `ForceSign`. */
  readonly title: string;
  /** The parameter after `:`, if any. */
  readonly param: OptionParam;
  /** True when the option asks the gateway to sign, encrypt or otherwise process cryptographically. */
  readonly crypto: boolean;
}

/** The fourteen options in the order of the manual's command table: the canonical print order. */
export const OPTION_NAMES: readonly OptionName[] = [
  'ss',
  'fe',
  'me',
  'fs',
  'se',
  'notify',
  'comment',
  'swm',
  'untouched',
  'atk',
  'pdf',
  'pgp',
  'smime',
  'zip',
];

const spec = (name: OptionName, title: string, param: OptionParam, crypto: boolean): OptionSpec => ({
  name,
  title,
  param,
  crypto,
});

/** The specification of every option, keyed by name. */
export const OPTION_SPECS: Readonly<Record<OptionName, OptionSpec>> = {
  ss: spec('ss', 'ShouldSign', 'none', true),
  fe: spec('fe', 'ForceEncrypt', 'none', true),
  me: spec('me', 'MustEncrypt', 'none', true),
  fs: spec('fs', 'ForceSign', 'optional-address', true),
  se: spec('se', 'ShouldEncrypt', 'none', true),
  notify: spec('notify', 'Notify', 'none', false),
  comment: spec('comment', 'Comment', 'required-text', false),
  swm: spec('swm', 'SecureWebmailer', 'optional-secret', true),
  untouched: spec('untouched', 'Untouched', 'none', false),
  atk: spec('atk', 'AttachKey', 'none', true),
  pdf: spec('pdf', 'EncryptedPdf', 'none', true),
  pgp: spec('pgp', 'PgpOnly', 'none', true),
  smime: spec('smime', 'SmimeOnly', 'none', true),
  zip: spec('zip', 'EncryptedZip', 'none', true),
};

/** True when `name` is one of the fourteen option names (exact, lower case). */
export function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(OPTION_SPECS, name);
}

/** The canonical position of an option (its index in {@link OPTION_NAMES}). */
export function optionRank(name: OptionName): number {
  return OPTION_NAMES.indexOf(name);
}

/**
 * What an option makes the gateway do, in words (after the manual's command table). An swm
 * password is never shown, only that one is set.
 */
export function describeOption(option: RuleOption): string {
  switch (option.name) {
    case 'ss':
      return 'should sign: try to sign the mail';
    case 'fe':
      return 'force encrypt: send the mail only if it can be encrypted for all recipients';
    case 'me':
      return 'must encrypt: send the mail only to the recipients it can be encrypted for; the others do not receive it';
    case 'fs':
      return option.key === undefined
        ? "force sign: send the mail only if it is signed (with the sender's own key)"
        : `force sign: send the mail only if it is signed, using the key of ${option.key}`;
    case 'se':
      return 'should encrypt: try to encrypt the mail';
    case 'notify':
      return 'notify: send the sender a notification of the actions taken';
    case 'comment':
      return `comment: ${option.text}`;
    case 'swm':
      return option.password === undefined
        ? 'secure webmailer: deliver via the Secure Webmailer (dedicated or as fallback)'
        : `secure webmailer: deliver via the Secure Webmailer (dedicated or as fallback), with the preconfigured password ${MASK}`;
    case 'untouched':
      return 'untouched: pass the mail through without any crypto processing';
    case 'atk':
      return 'attach key: attach the certificate to the outgoing mail';
    case 'pdf':
      return 'pdf: send the mail as an (encrypted) PDF';
    case 'pgp':
      return 'pgp only: use the PGP engine only (use a key if there is one)';
    case 'smime':
      return 'S/MIME only: use S/MIME only (use a key if there is one)';
    case 'zip':
      return 'zip: send the mail as an (encrypted) ZIP';
  }
}
