import { domainOf, normalizeAddress } from '@usesync/domain';
import type { Endpoint, EndpointKind, Rule, RuleSet } from './ast.js';
import { printEndpoint } from './print.js';

/** A mail to evaluate: its sender and one recipient. */
export interface Mail {
  readonly from: string;
  readonly to: string;
}

/** The groups an address belongs to (see {@link groupsOfMembers} to build one from a list). */
export type GroupsOf = (address: string) => readonly string[];

/**
 * How specific each kind of endpoint is: an exact address beats a group, a group beats a
 * domain, a domain beats `*`.
 */
export const SPECIFICITY: Readonly<Record<EndpointKind, number>> = {
  address: 3,
  group: 2,
  domain: 1,
  any: 0,
};

const KIND_WORDS: Readonly<Record<EndpointKind, string>> = {
  address: 'exact address',
  group: 'group',
  domain: 'domain',
  any: 'anyone',
};

/** A rule that matched a mail, with how specific its match was on each side. */
export interface RuleMatch {
  readonly rule: Rule;
  /** Specificity of the sender side (see {@link SPECIFICITY}). */
  readonly fromSpecificity: number;
  /** Specificity of the recipient side. */
  readonly toSpecificity: number;
  /** Why this rule won, or why it lost to the matched rule, in words. */
  readonly reason: string;
}

/** The outcome of {@link evaluate}: the applying rule (or null) and the rules that lost to it. */
export interface Evaluation {
  readonly matched: RuleMatch | null;
  /** The other matching rules, best first. */
  readonly candidates: readonly RuleMatch[];
}

/** True when `endpoint` covers `address` (given the address's groups). */
export function endpointMatches(endpoint: Endpoint, address: string, groups: readonly string[]): boolean {
  switch (endpoint.kind) {
    case 'any':
      return true;
    case 'address':
      return endpoint.address === address;
    case 'domain':
      return endpoint.domain === domainOf(address);
    case 'group':
      return groups.includes(endpoint.name);
  }
}

/**
 * Orders two matching rules, best first: the more specific recipient side wins; on a tie the
 * more specific sender side; on a tie of both, the earlier line.
 */
export function comparePrecedence(a: Rule, b: Rule): number {
  return (
    SPECIFICITY[b.to.kind] - SPECIFICITY[a.to.kind] ||
    SPECIFICITY[b.from.kind] - SPECIFICITY[a.from.kind] ||
    a.line - b.line
  );
}

function side(e: Endpoint): string {
  return e.kind === 'any' ? '`*` (anyone)' : `\`${printEndpoint(e)}\` (${KIND_WORDS[e.kind]})`;
}

function lossReason(loser: Rule, winner: Rule): string {
  const w = `line ${winner.line}`;
  if (loser.to.kind !== winner.to.kind) {
    return `lost to ${w}: recipient ${side(winner.to)} is more specific than ${side(loser.to)}`;
  }
  if (loser.from.kind !== winner.from.kind) {
    return `lost to ${w}: recipients equally specific (${KIND_WORDS[loser.to.kind]}); sender ${side(winner.from)} is more specific than ${side(loser.from)}`;
  }
  return `lost to ${w}: equally specific on both sides (${KIND_WORDS[loser.from.kind]} → ${KIND_WORDS[loser.to.kind]}); the earlier line wins`;
}

/**
 * Which rule applies to a mail. Every rule whose sender side covers `mail.from` and whose
 * recipient side covers `mail.to` matches; the best by {@link comparePrecedence} applies, the
 * others are returned as candidates with the reason they lost. Pure: `groupsOf` is the only input
 * besides the arguments.
 */
export function evaluate(ruleSet: RuleSet, mail: Mail, groupsOf: GroupsOf = () => []): Evaluation {
  const from = normalizeAddress(mail.from);
  const to = normalizeAddress(mail.to);
  const fromGroups = groupsOf(from);
  const toGroups = groupsOf(to);
  const matching = ruleSet.rules
    .filter((r) => endpointMatches(r.from, from, fromGroups) && endpointMatches(r.to, to, toGroups))
    .sort(comparePrecedence);
  const [winner, ...losers] = matching;
  if (winner === undefined) return { matched: null, candidates: [] };
  const match = (rule: Rule, reason: string): RuleMatch => ({
    rule,
    fromSpecificity: SPECIFICITY[rule.from.kind],
    toSpecificity: SPECIFICITY[rule.to.kind],
    reason,
  });
  const why =
    losers.length === 0
      ? `the only matching rule: sender ${side(winner.from)}, recipient ${side(winner.to)}`
      : `most specific matching rule: recipient ${side(winner.to)}, sender ${side(winner.from)}`;
  return {
    matched: match(winner, why),
    candidates: losers.map((l) => match(l, lossReason(l, winner))),
  };
}

/**
 * Builds a {@link GroupsOf} from group memberships such as the `group:<member>;<group>` lines of
 * a `.useimport` file. A member is an address or a domain (the manual's `group:domain-a.com;…`):
 * an address belongs to a group when it or its domain is listed. Members compare case-insensitively,
 * group names exactly.
 */
export function groupsOfMembers(
  memberships: Iterable<{ readonly group: string; readonly member: string }>,
): GroupsOf {
  const byMember = new Map<string, Set<string>>();
  for (const { group, member } of memberships) {
    const key = normalizeAddress(member);
    const set = byMember.get(key) ?? new Set<string>();
    set.add(group);
    byMember.set(key, set);
  }
  return (address) => {
    const a = normalizeAddress(address);
    const out = new Set([...(byMember.get(a) ?? []), ...(byMember.get(domainOf(a)) ?? [])]);
    return [...out].sort();
  };
}
