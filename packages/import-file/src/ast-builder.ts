import {
  type Diagnostic,
  diagnostic,
  didYouMean,
  isValidDomain,
  isValidMailbox,
  type KeyState,
  normalizeAddress,
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
import { clip, type Field, type Mutable, toField } from './fields.js';
import type { RawField } from './parser.js';

/** The identifiers of the format, in the manual's order. */
export const IDENTIFIERS = ['smime-state', 'pgp-state', 'passphrase', 'group', 'option'] as const;

/** Sub-identifiers of `smime-state` (aliases map to their canonical name). */
const SMIME_SUBS: Record<string, string> = {
  name: 'name',
  teamcert: 'teamcert',
  keystate: 'keystate',
  firstname: 'firstname',
  givenname: 'firstname',
  lastname: 'lastname',
  surname: 'lastname',
};

/** Sub-identifiers of `pgp-state` (aliases map to their canonical name). */
const PGP_SUBS: Record<string, string> = {
  name: 'name',
  keylength: 'keylength',
  comment: 'comment',
  keystate: 'keystate',
  keytype: 'keytype',
  validity: 'validity',
  validitytime: 'validity',
};

/** Option names the manual defines. */
export const OPTION_NAMES: readonly OptionName[] = [
  'action-id',
  'addmailreport',
  'addmailadmin',
  'addmailbcc',
];

const GROUP_NAME = /^[\p{L}\p{N}_.-]+$/u;
const SINGLE_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/** Builds the typed entry of one non-blank line, or reports why it cannot. */
export class EntryBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private errors = 0;
  private readonly line: number;
  private readonly text: string;

  constructor(line: number, text: string) {
    this.line = line;
    this.text = text;
  }

  /** Builds the entry from the line's concrete fields; undefined when the line has errors. */
  build(raw: readonly RawField[]): UseImportEntry | undefined {
    // A trailing `;` at the end of a line is common in exports: ignore an empty last field.
    let fields = raw.map((r) => toField(this.text, r));
    const last = fields[fields.length - 1];
    if (fields.length > 1 && last && last.key === '' && last.value === undefined)
      fields = fields.slice(0, -1);
    const head = fields[0];
    if (!head) return undefined;
    const identifier = head.key.toLowerCase();
    switch (identifier) {
      case 'smime-state':
        return this.smime(head, fields.slice(1));
      case 'pgp-state':
        return this.pgp(head, fields.slice(1));
      case 'passphrase':
        return this.passphrase(head);
      case 'group':
        return this.group(head, fields.slice(1));
      case 'option':
        return this.option(head, fields.slice(1));
      default: {
        const hint = didYouMean(head.key, IDENTIFIERS);
        this.error(
          Codes.UnknownIdentifier,
          `unknown identifier \`${clip(head.key)}\`; expected one of ${IDENTIFIERS.join(', ')}`,
          head.keyColumn,
          Math.max(1, head.key.length),
          hint,
        );
        return undefined;
      }
    }
  }

  private error(code: string, message: string, column: number, length = 1, hint?: string): void {
    this.errors++;
    this.diagnostics.push(
      diagnostic(
        'error',
        code,
        message,
        this.line,
        column,
        hint === undefined ? { length } : { length, hint },
      ),
    );
  }

  private warn(code: string, message: string, column: number, length = 1, hint?: string): void {
    this.diagnostics.push(
      diagnostic(
        'warning',
        code,
        message,
        this.line,
        column,
        hint === undefined ? { length } : { length, hint },
      ),
    );
  }

  /** The value of the head field, which must be present and non-empty. */
  private headValue(head: Field, what: string): string | undefined {
    if (head.value === undefined || head.value === '') {
      this.error(
        Codes.MissingValue,
        `\`${head.key}\` needs \`:\` and ${what}`,
        head.keyColumn,
        head.key.length,
      );
      return undefined;
    }
    return head.value;
  }

  private address(head: Field): string | undefined {
    const value = this.headValue(head, 'a mail address');
    if (value === undefined) return undefined;
    if (!isValidMailbox(value)) {
      this.error(
        Codes.InvalidAddress,
        `\`${clip(value)}\` is not a valid mail address`,
        head.valueColumn,
        value.length,
      );
      return undefined;
    }
    return normalizeAddress(value);
  }

  /** Collects `key:value` sub-identifiers, reporting unknown, duplicate and valueless ones. */
  private subs(
    identifier: string,
    fields: readonly Field[],
    known: Record<string, string>,
  ): Map<string, Field> {
    const out = new Map<string, Field>();
    for (const f of fields) {
      const key = f.key.toLowerCase();
      const canonical = known[key];
      if (canonical === undefined) {
        const hint = didYouMean(f.key, Object.keys(known));
        const what = f.key === '' ? 'an empty field' : `unknown sub-identifier \`${clip(f.key)}\``;
        this.error(
          Codes.UnknownSubIdentifier,
          `${what} on a \`${identifier}\` line`,
          f.column,
          f.length,
          hint,
        );
        continue;
      }
      if (f.value === undefined || f.value === '') {
        this.error(Codes.MissingValue, `\`${f.key}\` needs \`:\` and a value`, f.keyColumn, f.key.length);
        continue;
      }
      if (out.has(canonical)) {
        this.error(
          Codes.DuplicateSubIdentifier,
          `\`${canonical}\` is given twice on this line`,
          f.column,
          f.length,
        );
        continue;
      }
      out.set(canonical, f);
    }
    return out;
  }

  private flag(f: Field | undefined, what: string): KeyState | undefined {
    if (!f?.value) return undefined;
    if (f.value === '0' || f.value === '1') return Number(f.value) as KeyState;
    this.error(
      Codes.InvalidValue,
      `\`${what}\` must be 0 or 1, not \`${clip(f.value)}\``,
      f.valueColumn,
      f.value.length,
    );
    return undefined;
  }

  private missing(head: Field, identifier: string, names: readonly string[]): void {
    this.error(
      Codes.MissingSubIdentifier,
      `\`${identifier}\` with keystate 1 needs ${names.map((n) => `\`${n}\``).join(' and ')}`,
      head.keyColumn,
      head.key.length,
    );
  }

  private smime(head: Field, rest: readonly Field[]): SmimeStateEntry | undefined {
    const address = this.address(head);
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
      const words = name.split(/\s+/);
      const cut = name.lastIndexOf(' ');
      givenName ??= cut > 0 ? name.slice(0, cut).trim() : name;
      surname ??= cut > 0 ? name.slice(cut + 1).trim() : '';
      if (words.length !== 2) {
        const nameField = subs.get('name')!;
        this.warn(
          Codes.NameSplitGuessed,
          `cannot tell first from last name in \`${clip(name)}\`; taken as first \`${givenName}\`, last \`${surname}\``,
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
          `\`keylength\` must be 1024, 2048 or 4096, not \`${clip(lengthField.value)}\``,
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
          `\`keytype\` must be RSA or DSA, not \`${clip(typeField.value)}\``,
          typeField.valueColumn,
          typeField.value.length,
          didYouMean(typeField.value, ['RSA', 'DSA']),
        );
      }
    }
    const validityField = subs.get('validity');
    const validity = validityField?.value === undefined ? undefined : parseValidity(validityField.value);
    if (validityField?.value !== undefined && validity === undefined) {
      this.error(
        Codes.InvalidValue,
        `\`${validityField.key}\` must be a period like 1y, 11y, 6m or 30d, not \`${clip(validityField.value)}\``,
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
    if (colon < 0 || semi < colon || flag.toLowerCase() !== 'smimeimport') {
      this.error(
        Codes.InvalidPassphraseLine,
        'a passphrase line reads `passphrase:<PASSPHRASE>;smimeimport`',
        head.keyColumn,
        this.text.length - head.keyColumn + 1,
        flag === '' ? undefined : didYouMean(flag, ['smimeimport']),
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

  private bare(identifier: string, fields: readonly Field[], what: string): Field | undefined {
    const [second, ...extra] = fields;
    for (const f of extra) {
      this.error(
        Codes.UnexpectedField,
        `a \`${identifier}\` line has exactly two fields`,
        f.column,
        f.length,
      );
    }
    if (second === undefined || second.key === '') {
      this.error(
        Codes.MissingValue,
        `a \`${identifier}\` line needs ${what} after \`;\``,
        this.text.length + 1,
      );
      return undefined;
    }
    if (second.value !== undefined) {
      this.error(
        Codes.UnexpectedField,
        `${what} is a bare word, without \`:\``,
        second.column,
        second.length,
      );
      return undefined;
    }
    return second;
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
            `\`${clip(value)}\` is not a valid mail address`,
            head.valueColumn,
            value.length,
          );
      } else if (isValidDomain(value)) {
        member = value.toLowerCase();
      } else if (SINGLE_LABEL.test(value)) {
        member = value.toLowerCase();
        this.warn(
          Codes.SingleLabelDomain,
          `\`${value}\` has no top-level domain; it matches only that bare host name`,
          head.valueColumn,
          value.length,
          `did you mean \`${value}.<tld>\`?`,
        );
      } else {
        this.error(
          Codes.InvalidMember,
          `\`${clip(value)}\` is neither a mail address nor a domain`,
          head.valueColumn,
          value.length,
        );
      }
    }
    if (nameField !== undefined && !GROUP_NAME.test(nameField.key)) {
      this.error(
        Codes.InvalidGroupName,
        `\`${clip(nameField.key)}\` is not a valid group name (letters, digits, \`_\`, \`-\`, \`.\`)`,
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
        `unknown option \`${clip(nameField.key)}\`; expected one of ${OPTION_NAMES.join(', ')}`,
        nameField.column,
        nameField.length,
        didYouMean(nameField.key, OPTION_NAMES),
      );
      return undefined;
    }
    // `action-id` takes any text (a ticket number); the other options take a mail address.
    const value = option === 'action-id' ? this.headValue(head, 'a value') : this.address(head);
    if (option === undefined || value === undefined) return undefined;
    return { kind: 'option', line: this.line, option, value };
  }
}
