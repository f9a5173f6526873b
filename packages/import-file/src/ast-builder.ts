import {
  hasAsciiLocalPart,
  isValidDomain,
  isValidMailbox,
  normalizeAddress,
  normalizeDomain,
  parseValidity,
  Secret,
} from '@usesync/domain';
import type {
  GroupEntry,
  OptionEntry,
  OptionName,
  PgpStateEntry,
  SmimeStateEntry,
  UseImportEntry,
} from './ast.js';
import { Codes } from './diagnostics.js';
import { type Field, type Mutable, toField } from './fields.js';
import { LineChecks, type SubTable } from './internal/line-checks.js';
import type { RawField } from './parser.js';

/** The identifiers of the format, in the manual's order. */
export const IDENTIFIERS = ['smime-state', 'pgp-state', 'passphrase', 'group', 'option'] as const;

/** Sub-identifiers of `smime-state` (aliases map to their canonical name). */
const SMIME_SUBS: SubTable = {
  names: ['name', 'teamcert', 'keystate', 'firstname', 'givenname', 'lastname', 'surname'],
  canonical: (key) => {
    switch (lower(key)) {
      case 'name':
        return 'name';
      case 'teamcert':
        return 'teamcert';
      case 'keystate':
        return 'keystate';
      case 'firstname':
      case 'givenname':
        return 'firstname';
      case 'lastname':
      case 'surname':
        return 'lastname';
      default:
        return undefined;
    }
  },
};

/** Sub-identifiers of `pgp-state` (aliases map to their canonical name). */
const PGP_SUBS: SubTable = {
  names: ['name', 'keylength', 'comment', 'keystate', 'keytype', 'validity', 'validitytime'],
  canonical: (key) => {
    switch (lower(key)) {
      case 'name':
        return 'name';
      case 'keylength':
        return 'keylength';
      case 'comment':
        return 'comment';
      case 'keystate':
        return 'keystate';
      case 'keytype':
        return 'keytype';
      case 'validity':
      case 'validitytime':
        return 'validity';
      default:
        return undefined;
    }
  },
};

/** Lower case, without a new string for a key that is already lower case (nearly all are). */
function lower(key: string): string {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return key.toLowerCase();
  }
  return key;
}

/** Option names the manual defines. */
export const OPTION_NAMES: readonly OptionName[] = [
  'action-id',
  'addmailreport',
  'addmailadmin',
  'addmailbcc',
];

const ASCII = /^[\x00-\x7f]*$/;
const PLAIN_WORD = /^[\p{L}_-][\p{L}\p{N}_-]{0,29}$/u;
const GROUP_NAME = /^[\p{L}\p{N}_.-]+$/u;
/** The ASCII subset of `GROUP_NAME` without `/u`: nearly every group name, several times faster. */
const ASCII_GROUP_NAME = /^[A-Za-z0-9_.-]+$/;
const SINGLE_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/**
 * The number of runs of whitespace (`\s`) in `text`; for a trimmed text one less than
 * `text.split(/\s+/).length`, counted without building the array (this runs for most
 * `smime-state` lines).
 */
function whitespaceRuns(text: string): number {
  let runs = 0;
  let inRun = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ws = c === 32 || (c >= 9 && c <= 13) || (c > 127 && WHITESPACE.test(text[i]!));
    if (ws && !inRun) runs++;
    inRun = ws;
  }
  return runs;
}

const WHITESPACE = /^\s$/;

/** Builds the typed entry of one non-blank line, or reports why it cannot. */
export class EntryBuilder extends LineChecks {
  /** Builds the entry from the line's concrete fields; undefined when the line has errors. */
  build(raw: readonly RawField[]): UseImportEntry | undefined {
    if (raw.length === 0) return undefined;
    const head = toField(this.text, raw[0]!);
    // The other fields, in one loop (this runs for every line of a 1 M-line file).
    const rest: Field[] = [];
    for (let i = 1; i < raw.length; i++) rest.push(toField(this.text, raw[i]!));
    // A trailing `;` at the end of a line is common in exports: ignore an empty last field.
    const last = rest[rest.length - 1];
    if (last !== undefined && last.key === '' && last.value === undefined) rest.pop();
    const identifier = lower(head.key);
    switch (identifier) {
      case 'smime-state':
        return this.smime(head, rest);
      case 'pgp-state':
        return this.pgp(head, rest);
      case 'passphrase':
        return this.passphrase(head);
      case 'group':
        return this.group(head, rest);
      case 'option':
        return this.option(head, rest);
      default: {
        const hint = this.suggest(head.key, IDENTIFIERS);
        // Only a plain word is quoted: a line that starts with anything else may start with a secret.
        const shown = PLAIN_WORD.test(head.key) ? `\`${this.q(head.key)}\`` : '(not quoted)';
        this.error(
          Codes.UnknownIdentifier,
          `unknown identifier ${shown}; expected one of ${IDENTIFIERS.join(', ')}`,
          head.keyColumn,
          Math.max(1, head.key.length),
          hint,
        );
        return undefined;
      }
    }
  }

  private smime(head: Field, rest: readonly Field[]): SmimeStateEntry | undefined {
    const address = this.address(head);
    if (address !== undefined && !ASCII.test(address) && !hasAsciiLocalPart(address)) {
      // rfc822Name in a certificate is an IA5String: refuse here, not when the order fails.
      this.error(
        Codes.NonAsciiLocalPart,
        `the part before \`@\` in \`${this.q(address)}\` is not ASCII; an S/MIME certificate cannot carry it`,
        head.valueColumn,
        head.value?.length ?? 1,
        'use the ASCII address of the mailbox (umlauts are fine in the domain and in names)',
      );
    }
    const subs = this.subs('smime-state', rest, SMIME_SUBS);
    const keyStateField = subs.get('keystate');
    const keyState = this.flag(keyStateField, 'keystate');
    const team = this.flag(subs.get('teamcert'), 'teamcert');
    if (keyStateField === undefined) {
      this.error(
        Codes.MissingSubIdentifier,
        '`smime-state` needs `keystate`',
        head.keyColumn,
        head.key.length,
      );
    }
    const name = subs.get('name')?.value;
    if (keyState === 1) {
      const absent = [name === undefined ? 'name' : '', subs.has('teamcert') ? '' : 'teamcert'].filter(
        Boolean,
      );
      if (absent.length > 0) this.missing(head, 'smime-state', absent);
    }
    if (address === undefined || keyState === undefined || this.errors > 0) {
      return undefined;
    }
    let givenName = subs.get('firstname')?.value;
    let surname = subs.get('lastname')?.value;
    if (
      team === 0 &&
      keyState === 1 &&
      name !== undefined &&
      (givenName === undefined || surname === undefined)
    ) {
      const cut = name.lastIndexOf(' ');
      givenName ??= cut > 0 ? name.slice(0, cut).trim() : name;
      surname ??= cut > 0 ? name.slice(cut + 1).trim() : '';
      if (whitespaceRuns(name) !== 1) {
        const nameField = subs.get('name')!;
        this.warn(
          Codes.NameSplitGuessed,
          `cannot tell first from last name in \`${this.q(name)}\`; taken as first \`${this.q(givenName)}\`, last \`${this.q(surname)}\``,
          nameField.valueColumn,
          name.length,
          'give `firstname:` and `lastname:` for personal certificates',
        );
      }
    }
    const entry: Mutable<SmimeStateEntry> = { kind: 'smime-state', line: this.line, address, keyState };
    if (name !== undefined) entry.name = name;
    if (team !== undefined) entry.team = team === 1;
    if (givenName !== undefined) entry.givenName = givenName;
    if (surname !== undefined) entry.surname = surname;
    return entry;
  }

  private pgp(head: Field, rest: readonly Field[]): PgpStateEntry | undefined {
    const address = this.address(head);
    const subs = this.subs('pgp-state', rest, PGP_SUBS);
    const keyStateField = subs.get('keystate');
    const keyState = this.flag(keyStateField, 'keystate');
    if (keyStateField === undefined) {
      this.error(Codes.MissingSubIdentifier, '`pgp-state` needs `keystate`', head.keyColumn, head.key.length);
    }
    const name = subs.get('name')?.value;
    if (keyState === 1 && name === undefined) this.missing(head, 'pgp-state', ['name']);
    const lengthField = subs.get('keylength');
    let keyLength: PgpStateEntry['keyLength'];
    if (lengthField?.value !== undefined) {
      const n = Number(lengthField.value);
      if (n === 1024 || n === 2048 || n === 4096) keyLength = n;
      else {
        this.error(
          Codes.InvalidValue,
          `\`keylength\` must be 1024, 2048 or 4096, not \`${this.q(lengthField.value)}\``,
          lengthField.valueColumn,
          lengthField.value.length,
        );
      }
    }
    const typeField = subs.get('keytype');
    let keyType: PgpStateEntry['keyType'];
    if (typeField?.value !== undefined) {
      const t = typeField.value.toUpperCase();
      if (t === 'RSA' || t === 'DSA') keyType = t;
      else {
        this.error(
          Codes.InvalidValue,
          `\`keytype\` must be RSA or DSA, not \`${this.q(typeField.value)}\``,
          typeField.valueColumn,
          typeField.value.length,
          this.suggest(typeField.value, ['RSA', 'DSA']),
        );
      }
    }
    const validityField = subs.get('validity');
    const validity = validityField?.value === undefined ? undefined : parseValidity(validityField.value);
    if (validityField?.value !== undefined && validity === undefined) {
      this.error(
        Codes.InvalidValue,
        `\`${this.q(validityField.key)}\` must be a period like 1y, 11y, 6m or 30d, not \`${this.q(validityField.value)}\``,
        validityField.valueColumn,
        validityField.value.length,
      );
    }
    if (address === undefined || keyState === undefined || this.errors > 0) {
      return undefined;
    }
    const comment = subs.get('comment')?.value;
    const entry: Mutable<PgpStateEntry> = { kind: 'pgp-state', line: this.line, address, keyState };
    if (name !== undefined) entry.name = name;
    if (keyLength !== undefined) entry.keyLength = keyLength;
    if (keyType !== undefined) entry.keyType = keyType;
    if (comment !== undefined) entry.comment = comment;
    if (validity !== undefined) entry.validity = validity;
    return entry;
  }

  /** The passphrase is everything after the first `:` up to the last `;` (it may contain both). */
  private passphrase(head: Field): UseImportEntry | undefined {
    const colon = this.text.indexOf(':');
    const semi = this.text.lastIndexOf(';');
    const flag = semi < 0 ? '' : this.text.slice(semi + 1).trim();
    // The colon must follow the identifier in the first field: `passphrase;x:y;smimeimport` is not
    // a passphrase line with the secret `y`.
    if (colon < 0 || head.value === undefined || semi < colon || flag.toLowerCase() !== 'smimeimport') {
      this.error(
        Codes.InvalidPassphraseLine,
        'a passphrase line reads `passphrase:<PASSPHRASE>;smimeimport`',
        head.keyColumn,
        this.text.length - head.keyColumn + 1,
        flag === '' ? undefined : this.suggest(flag, ['smimeimport']),
      );
      return undefined;
    }
    const value = this.text.slice(colon + 1, semi).trim();
    if (value === '') {
      this.error(Codes.InvalidPassphraseLine, 'the passphrase is empty', colon + 2);
      return undefined;
    }
    return { kind: 'passphrase', line: this.line, passphrase: new Secret(value) };
  }

  private group(head: Field, rest: readonly Field[]): GroupEntry | undefined {
    const value = this.headValue(head, 'a mail address or domain');
    const nameField = this.bare('group', rest, 'the group name');
    let member: string | undefined;
    let memberKind: GroupEntry['memberKind'] = 'domain';
    if (value !== undefined) {
      if (value.includes('@')) {
        memberKind = 'address';
        if (isValidMailbox(value)) member = normalizeAddress(value);
        else
          this.error(
            Codes.InvalidMember,
            `\`${this.q(value)}\` is not a valid mail address`,
            head.valueColumn,
            value.length,
          );
      } else if (isValidDomain(value)) {
        member = normalizeDomain(value);
      } else if (SINGLE_LABEL.test(value)) {
        member = normalizeDomain(value);
        this.warn(
          Codes.SingleLabelDomain,
          `\`${this.q(value)}\` has no top-level domain; it matches only that bare host name`,
          head.valueColumn,
          value.length,
          `did you mean \`${this.q(value)}.<tld>\`?`,
        );
      } else {
        this.error(
          Codes.InvalidMember,
          `\`${this.q(value)}\` is neither a mail address nor a domain`,
          head.valueColumn,
          value.length,
        );
      }
    }
    if (nameField !== undefined && !ASCII_GROUP_NAME.test(nameField.key) && !GROUP_NAME.test(nameField.key)) {
      this.error(
        Codes.InvalidGroupName,
        `\`${this.q(nameField.key)}\` is not a valid group name (letters, digits, \`_\`, \`-\`, \`.\`)`,
        nameField.column,
        nameField.length,
      );
      return undefined;
    }
    if (member === undefined || nameField === undefined) return undefined;
    return { kind: 'group', line: this.line, member, memberKind, group: nameField.key };
  }

  private option(head: Field, rest: readonly Field[]): OptionEntry | undefined {
    const nameField = this.bare('option', rest, 'the option name');
    const option = nameField?.key.toLowerCase() as OptionName | undefined;
    if (nameField !== undefined && !OPTION_NAMES.includes(option!)) {
      this.error(
        Codes.UnknownSubIdentifier,
        `unknown option \`${this.q(nameField.key)}\`; expected one of ${OPTION_NAMES.join(', ')}`,
        nameField.column,
        nameField.length,
        this.suggest(nameField.key, OPTION_NAMES),
      );
      return undefined;
    }
    // `action-id` takes any text (a ticket number); the other options take a mail address.
    const value = option === 'action-id' ? this.headValue(head, 'a value') : this.address(head);
    if (option === undefined || value === undefined) return undefined;
    return { kind: 'option', line: this.line, option, value };
  }
}
