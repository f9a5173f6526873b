import {
  type Diagnostic,
  diagnostic,
  didYouMean,
  isValidMailbox,
  type KeyState,
  MASK,
  normalizeAddress,
} from '@usesync/domain';
import { Codes } from '../diagnostics.js';
import { clip, type Field } from '../fields.js';
import { isShowableSecretLabel, secretMarker } from './secrets.js';

/**
 * The sub-identifiers of one identifier: their names (for did-you-mean) and a function from a
 * written key (any case) to its canonical name. A `switch` over the lower-case key beats a
 * dictionary lookup on the hottest path of the parser.
 */
export interface SubTable {
  readonly names: readonly string[];
  readonly canonical: (key: string) => string | undefined;
}

/**
 * The sub-identifiers found on one line, by canonical name: one plain property per name (a fixed
 * shape; a `switch` on the name instead of a keyed store, which turns megamorphic on this path).
 */
export class SubFields {
  private name: Field | undefined = undefined;
  private teamcert: Field | undefined = undefined;
  private keystate: Field | undefined = undefined;
  private firstname: Field | undefined = undefined;
  private lastname: Field | undefined = undefined;
  private keylength: Field | undefined = undefined;
  private comment: Field | undefined = undefined;
  private keytype: Field | undefined = undefined;
  private validity: Field | undefined = undefined;

  /** The field given for `name`, if any. */
  get(name: string): Field | undefined {
    switch (name) {
      case 'name':
        return this.name;
      case 'teamcert':
        return this.teamcert;
      case 'keystate':
        return this.keystate;
      case 'firstname':
        return this.firstname;
      case 'lastname':
        return this.lastname;
      case 'keylength':
        return this.keylength;
      case 'comment':
        return this.comment;
      case 'keytype':
        return this.keytype;
      case 'validity':
        return this.validity;
      default:
        return undefined;
    }
  }

  /** True when `name` was given. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Records the field for `name` (one of the canonical names above; any other is ignored). */
  set(name: string, field: Field): void {
    switch (name) {
      case 'name':
        this.name = field;
        break;
      case 'teamcert':
        this.teamcert = field;
        break;
      case 'keystate':
        this.keystate = field;
        break;
      case 'firstname':
        this.firstname = field;
        break;
      case 'lastname':
        this.lastname = field;
        break;
      case 'keylength':
        this.keylength = field;
        break;
      case 'comment':
        this.comment = field;
        break;
      case 'keytype':
        this.keytype = field;
        break;
      case 'validity':
        this.validity = field;
        break;
    }
  }
}

/** The format's own words: safe to quote on any line. */
const KNOWN_WORDS = new Set([
  'smime-state',
  'pgp-state',
  'passphrase',
  'group',
  'option',
  'name',
  'teamcert',
  'keystate',
  'firstname',
  'givenname',
  'lastname',
  'surname',
  'keylength',
  'comment',
  'keytype',
  'validity',
  'validitytime',
  'action-id',
  'addmailreport',
  'addmailadmin',
  'addmailbcc',
  'smimeimport',
]);

/**
 * What every identifier's builder needs on one line: collecting diagnostics and the checks shared
 * by several identifiers (head value, mail address, sub-identifier table, 0/1 flags, bare second
 * field). The builders themselves are in `ast-builder.ts`.
 */
export class LineChecks {
  readonly diagnostics: Diagnostic[] = [];
  protected errors = 0;
  protected readonly line: number;
  protected readonly text: string;

  private secretive: boolean | undefined;

  /**
   * True once the file's diagnostics cap is reached: findings are then only counted, so the
   * did-you-mean search (the costliest part of an error) is skipped.
   */
  private readonly quiet: boolean;

  constructor(line: number, text: string, quiet = false) {
    this.line = line;
    this.text = text;
    this.quiet = quiet;
  }

  /** "did you mean …?" for `word`, unless the findings of this line will not be shown. */
  protected suggest(word: string, candidates: readonly string[]): string | undefined {
    return this.quiet ? undefined : didYouMean(word, candidates);
  }

  /**
   * User text made fit to quote in a message. On a line that shows any sign of holding a secret
   * (see `displayLine`) nothing is quoted but a secret's label (`passphrase`, `Kennwort`):
   * whatever else stands on such a line may be the secret.
   */
  protected q(text: string): string {
    this.secretive ??= secretMarker(this.text) >= 0;
    if (!this.secretive) return clip(text);
    return isShowableSecretLabel(text) || KNOWN_WORDS.has(text.toLowerCase()) ? text : MASK;
  }

  protected error(code: string, message: string, column: number, length = 1, hint?: string): void {
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

  protected warn(code: string, message: string, column: number, length = 1, hint?: string): void {
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
  protected headValue(head: Field, what: string): string | undefined {
    if (head.value === undefined || head.value === '') {
      this.error(
        Codes.MissingValue,
        `\`${this.q(head.key)}\` needs \`:\` and ${what}`,
        head.keyColumn,
        head.key.length,
      );
      return undefined;
    }
    return head.value;
  }

  protected address(head: Field): string | undefined {
    const value = this.headValue(head, 'a mail address');
    if (value === undefined) return undefined;
    if (!isValidMailbox(value)) {
      this.error(
        Codes.InvalidAddress,
        `\`${this.q(value)}\` is not a valid mail address`,
        head.valueColumn,
        value.length,
      );
      return undefined;
    }
    return normalizeAddress(value);
  }

  /** Collects `key:value` sub-identifiers, reporting unknown, duplicate and valueless ones. */
  protected subs(identifier: string, fields: readonly Field[], known: SubTable): SubFields {
    const out = new SubFields();
    for (const f of fields) {
      const canonical = known.canonical(f.key);
      if (canonical === undefined) {
        const hint = this.suggest(f.key, known.names);
        const what = f.key === '' ? 'an empty field' : `unknown sub-identifier \`${this.q(f.key)}\``;
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
        this.error(
          Codes.MissingValue,
          `\`${this.q(f.key)}\` needs \`:\` and a value`,
          f.keyColumn,
          f.key.length,
        );
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

  protected flag(f: Field | undefined, what: string): KeyState | undefined {
    if (!f?.value) return undefined;
    if (f.value === '0' || f.value === '1') return Number(f.value) as KeyState;
    this.error(
      Codes.InvalidValue,
      `\`${what}\` must be 0 or 1, not \`${this.q(f.value)}\``,
      f.valueColumn,
      f.value.length,
    );
    return undefined;
  }

  protected missing(head: Field, identifier: string, names: readonly string[]): void {
    this.error(
      Codes.MissingSubIdentifier,
      `\`${identifier}\` with keystate 1 needs ${names.map((n) => `\`${n}\``).join(' and ')}`,
      head.keyColumn,
      head.key.length,
    );
  }

  protected bare(identifier: string, fields: readonly Field[], what: string): Field | undefined {
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
}
