import { type Diagnostic, diagnostic, normalizeAddress, suggest } from '@usesync/domain';
import type { OptionName, Rule, RuleSet, Span } from './ast.js';
import { RULE_CODES, type RuleCodeName } from './diagnostics.js';
import { OPTION_SPECS } from './options.js';
import { printEndpoint, printRule } from './print.js';

/** What the linter may know beyond the file itself. */
export interface LintOptions {
  /** Group names that exist (e.g. from the `.useimport` file or the key store); enables RULE109. */
  readonly knownGroups?: Iterable<string>;
  /** Addresses that own a signing key (PGP or S/MIME); enables RULE108. */
  readonly signingKeys?: Iterable<string>;
}

const DEFAULT_SPAN: Span = { column: 1, length: 1 };

function warn(
  name: RuleCodeName,
  message: string,
  rule: Rule,
  span: Span,
  extra: { hint?: string; related?: number[] } = {},
) {
  const c = RULE_CODES[name];
  return diagnostic(c.severity, c.code, message, rule.line, span.column, { length: span.length, ...extra });
}

function optionSpan(rule: Rule, name: OptionName): Span {
  const i = rule.options.findIndex((o) => o.name === name);
  return rule.loc?.options[i] ?? DEFAULT_SPAN;
}

function has(rule: Rule, name: OptionName): boolean {
  return rule.options.some((o) => o.name === name);
}

/**
 * Warnings about a rule set that parsed: rules that can never apply, contradictory options,
 * signing that cannot work, unknown groups. Never errors: the set is valid, but probably not
 * what its author meant. Results are in rule order.
 */
export function lintRuleSet(ruleSet: RuleSet, options: LintOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = options.knownGroups === undefined ? undefined : new Set(options.knownGroups);
  const keys =
    options.signingKeys === undefined ? undefined : new Set([...options.signingKeys].map(normalizeAddress));
  const firstByEndpoints = new Map<string, Rule>();
  for (const rule of ruleSet.rules) {
    const whole =
      rule.loc === undefined
        ? DEFAULT_SPAN
        : { column: 1, length: rule.loc.to.column + rule.loc.to.length - 1 };
    const endpoints = `${printEndpoint(rule.from)};${printEndpoint(rule.to)}`;
    const earlier = firstByEndpoints.get(endpoints);
    if (earlier === undefined) firstByEndpoints.set(endpoints, rule);
    else if (printRule(earlier) === printRule(rule) && samePasswords(earlier, rule)) {
      out.push(
        warn('duplicateRule', `duplicate of line ${earlier.line}`, rule, whole, {
          hint: 'remove this line',
          related: [earlier.line],
        }),
      );
    } else {
      out.push(
        warn(
          'shadowedRule',
          `never applies: line ${earlier.line} has the same from and to and comes first`,
          rule,
          whole,
          {
            hint: 'merge the options into one rule',
            related: [earlier.line],
          },
        ),
      );
    }
    lintOptions(rule, out);
    lintSigning(rule, keys, out);
    if (known !== undefined) {
      for (const [side, span] of [
        [rule.from, rule.loc?.from ?? DEFAULT_SPAN],
        [rule.to, rule.loc?.to ?? DEFAULT_SPAN],
      ] as const) {
        if (side.kind !== 'group' || known.has(side.name)) continue;
        const near = suggest(side.name, [...known]);
        out.push(
          warn(
            'unknownGroup',
            `unknown group \`${side.name}\``,
            rule,
            span,
            near.length > 0
              ? { hint: `did you mean ${near.map((n) => `\`group:${n}\``).join(' or ')}?` }
              : {},
          ),
        );
      }
    }
  }
  return out;
}

function samePasswords(a: Rule, b: Rule): boolean {
  const pa = a.options.find((o) => o.name === 'swm');
  const pb = b.options.find((o) => o.name === 'swm');
  const sa = pa?.name === 'swm' ? pa.password : undefined;
  const sb = pb?.name === 'swm' ? pb.password : undefined;
  return sa === undefined || sb === undefined ? sa === sb : sa.equals(sb);
}

function lintOptions(rule: Rule, out: Diagnostic[]): void {
  if (has(rule, 'untouched')) {
    const crypto = rule.options.filter((o) => OPTION_SPECS[o.name].crypto).map((o) => `\`${o.name}\``);
    if (crypto.length > 0) {
      out.push(
        warn(
          'untouchedWithCrypto',
          `\`untouched\` passes mail through without crypto, yet the rule also says ${crypto.join(', ')}`,
          rule,
          optionSpan(rule, 'untouched'),
          { hint: 'drop `untouched` or the crypto options' },
        ),
      );
    }
  }
  if (has(rule, 'pgp') && has(rule, 'smime')) {
    out.push(
      warn(
        'pgpWithSmime',
        '`pgp` (PGP only) contradicts `smime` (S/MIME only)',
        rule,
        optionSpan(rule, 'smime'),
        { hint: 'keep one of them' },
      ),
    );
  }
  if (has(rule, 'fe') && has(rule, 'me')) {
    out.push(
      warn(
        'feWithMe',
        '`fe` (send only if all recipients can be encrypted) contradicts `me` (send to those that can)',
        rule,
        optionSpan(rule, 'me'),
        { hint: 'keep one of them' },
      ),
    );
  }
  if (rule.options.every((o) => o.name === 'comment')) {
    out.push(
      warn(
        'noAction',
        'the rule has only a comment: it changes nothing',
        rule,
        rule.loc?.options[0] ?? DEFAULT_SPAN,
      ),
    );
  }
}

/**
 * Signing needs a key. `fs` (send only if signed) on a sender side that is not one address
 * (group, domain, `*`) without `fs:<key>` blocks every sender that has no key of its own: warn.
 * With known signing keys: `fs`/`ss` for one sender, or `fs:<key>`, whose key is unknown.
 */
function lintSigning(rule: Rule, keys: ReadonlySet<string> | undefined, out: Diagnostic[]): void {
  const fs = rule.options.find((o) => o.name === 'fs');
  const fsKey = fs?.name === 'fs' ? fs.key : undefined;
  if (fs !== undefined && fsKey === undefined && rule.from.kind !== 'address') {
    out.push(
      warn(
        'forceSignWithoutKey',
        `\`fs\` for ${printEndpoint(rule.from)} needs a signing key for every sender, or their mail is not sent`,
        rule,
        optionSpan(rule, 'fs'),
        { hint: 'name a shared key with `fs:<key address>`, or make sure every sender has a key' },
      ),
    );
  }
  if (keys === undefined) return;
  const signer = fsKey ?? (rule.from.kind === 'address' ? rule.from.address : undefined);
  const demanded = fs !== undefined ? 'fs' : has(rule, 'ss') ? 'ss' : undefined;
  if (demanded === undefined || signer === undefined || keys.has(signer)) return;
  out.push(
    warn(
      'unknownSigningKey',
      `\`${demanded}\` needs a signing key of ${signer}, and none is known`,
      rule,
      optionSpan(rule, demanded),
    ),
  );
}
