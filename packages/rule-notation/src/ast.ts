import type { Secret } from '@usesync/domain';

/** Where a piece of a rule sits on its line: 1-based column and length in UTF-16 code units. */
export interface Span {
  readonly column: number;
  readonly length: number;
}

/**
 * One side of a rule (the sender `from` or the recipient `to`). Addresses and domains are
 * normalised to lower case; group names keep their case (they are compared exactly).
 */
export type Endpoint =
  | { readonly kind: 'any' }
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'group'; readonly name: string }
  | { readonly kind: 'domain'; readonly domain: string };

/** The kinds of endpoint, most specific first. */
export type EndpointKind = Endpoint['kind'];

/** The options that take no parameter. */
export type PlainOptionName =
  | 'ss'
  | 'fe'
  | 'me'
  | 'se'
  | 'notify'
  | 'untouched'
  | 'atk'
  | 'pdf'
  | 'pgp'
  | 'smime'
  | 'zip';

/** All fourteen option names, in the order of the manual's command table. */
export type OptionName = PlainOptionName | 'fs' | 'comment' | 'swm';

/**
 * One option of a rule. `fs` may name the key to sign with, `comment` carries its text, `swm`
 * may carry the Secure Webmailer password as a {@link Secret} (it prints masked).
 */
export type RuleOption =
  | { readonly name: PlainOptionName }
  | { readonly name: 'fs'; readonly key?: string }
  | { readonly name: 'comment'; readonly text: string }
  | { readonly name: 'swm'; readonly password?: Secret };

/** Source positions of a rule's parts; absent on rules built by hand. */
export interface RuleLoc {
  readonly from: Span;
  readonly to: Span;
  /** One span per option, parallel to {@link Rule.options}. */
  readonly options: readonly Span[];
}

/**
 * One rule: mail from `from` to `to` gets `options`. The options are a set: the AST lists each
 * at most once, in the canonical order of {@link OPTION_NAMES}, whatever the order on the line.
 */
export interface Rule {
  /** 1-based line in the source file (for a hand-built rule: its position in the list). */
  readonly line: number;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly options: readonly RuleOption[];
  readonly loc?: RuleLoc;
}

/** A whole `.ruleimport` file: its rules in file order and whether it ended with `#####`. */
export interface RuleSet {
  readonly rules: readonly Rule[];
  readonly terminated: boolean;
}
