import { MASK, UsesyncError } from '@usesync/domain';
import type { Endpoint, Rule, RuleOption, RuleSet } from './ast.js';
import { optionRank } from './options.js';

/** The line ending the printer writes (the gateway accepts LF; the parser accepts LF, CRLF and CR). */
const EOL = '\n';

/** Renders one endpoint: `*`, the address, the domain or `group:<name>`. */
export function printEndpoint(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'any':
      return '*';
    case 'address':
      return endpoint.address;
    case 'domain':
      return endpoint.domain;
    case 'group':
      return `group:${endpoint.name}`;
  }
}

function checkText(what: string, text: string): void {
  if (text === '' || /[;\r\n]/.test(text) || text.trim() !== text) {
    // Deliberately without the text: it may be a password.
    throw new UsesyncError(
      'RULE_UNPRINTABLE',
      `Cannot print rule option: the ${what} is empty, has surrounding whitespace, or contains ';' or a line break`,
    );
  }
}

function printOptionWith(option: RuleOption, reveal: boolean): string {
  switch (option.name) {
    case 'fs':
      return option.key === undefined ? 'fs' : `fs:${option.key}`;
    case 'comment':
      checkText('comment text', option.text);
      return `comment:${option.text}`;
    case 'swm': {
      if (option.password === undefined) return 'swm';
      if (!reveal) return `swm:${MASK}`;
      const text = option.password.reveal();
      checkText('swm password', text);
      if (text === MASK) {
        throw new UsesyncError(
          'RULE_UNPRINTABLE',
          'Cannot print rule option: the swm password is the mask itself',
        );
      }
      return `swm:${text}`;
    }
    default:
      return option.name;
  }
}

/** Renders one option; an swm password always prints as `swm:••••••`. */
export function printOption(option: RuleOption): string {
  return printOptionWith(option, false);
}

function printRuleWith(rule: Rule, reveal: boolean): string {
  const options = [...rule.options].sort((a, b) => optionRank(a.name) - optionRank(b.name));
  return [
    printEndpoint(rule.from),
    printEndpoint(rule.to),
    ...options.map((o) => printOptionWith(o, reveal)),
  ].join(';');
}

/**
 * Renders one rule canonically and masked: lower-case addresses, `group:<name>`, no spaces,
 * options in the manual's order, the swm password as `••••••`. This is also the rule's key in
 * {@link diffRuleSets} (the password is compared separately).
 */
export function printRule(rule: Rule): string {
  return printRuleWith(rule, false);
}

function printSetWith(ruleSet: RuleSet, reveal: boolean): string {
  const lines = ruleSet.rules.map((r) => printRuleWith(r, reveal));
  if (ruleSet.terminated) lines.push('#####');
  return lines.length === 0 ? '' : lines.join(EOL) + EOL;
}

/**
 * The canonical, masked rendering of a rule set: what reports and `usesync rules print` show.
 * One rule a line in file order, LF endings, `#####` last if the source had it. Parsing the
 * output gives the same rules, except that swm passwords come back as the mask (which the
 * parser rejects, so a masked rendering can never be uploaded by mistake).
 *
 * @throws UsesyncError `RULE_UNPRINTABLE` for a hand-built rule whose comment cannot be written
 *   on one line (a parsed rule set always prints).
 */
export function printRuleSet(ruleSet: RuleSet): string {
  return printSetWith(ruleSet, false);
}

/**
 * The canonical rendering WITH swm passwords in clear text. Only for the file the gateway sync
 * uploads; never log, report or display its output. `parseRuleFile(printRuleSetUnmasked(x))`
 * gives back `x` (minus source positions).
 *
 * @throws UsesyncError `RULE_UNPRINTABLE` when a hand-built password or comment cannot be
 *   written on one line (the message never contains the text).
 */
export function printRuleSetUnmasked(ruleSet: RuleSet): string {
  return printSetWith(ruleSet, true);
}
