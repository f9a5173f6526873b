import type { Endpoint, Rule, RuleSet } from './ast.js';
import { printRule } from './print.js';

/** A rule present in both sets. */
export interface UnchangedRule {
  readonly live: Rule;
  readonly target: Rule;
}

/** Two unchanged rules that can match the same mail with equal specificity, now in the other order. */
export interface ReorderedPair {
  /** The rule that comes first in the target (and so wins the tie there). */
  readonly first: Rule;
  /** The rule that came first in the live set. */
  readonly second: Rule;
}

/** The difference between the live rule set and the target one. */
export interface RuleSetDiff {
  /** Target rules the live set lacks, in target order. */
  readonly added: readonly Rule[];
  /** Live rules the target lacks, in live order. */
  readonly removed: readonly Rule[];
  /** Rules in both, in target order. */
  readonly unchanged: readonly UnchangedRule[];
  /** Unchanged rules whose order matters (a precedence tie) and was swapped. */
  readonly reordered: readonly ReorderedPair[];
}

/**
 * The canonical key of a rule: its masked canonical rendering (options sorted, addresses lower
 * case). Two rules with the same key differ at most in their swm password.
 */
export function ruleKey(rule: Rule): string {
  return printRule(rule);
}

function swmPassword(rule: Rule) {
  const o = rule.options.find((x) => x.name === 'swm');
  return o?.name === 'swm' ? o.password : undefined;
}

/** True when two rules are the same rule: same key and same swm password (compared, never shown). */
export function sameRule(a: Rule, b: Rule): boolean {
  if (ruleKey(a) !== ruleKey(b)) return false;
  const pa = swmPassword(a);
  const pb = swmPassword(b);
  return pa === undefined || pb === undefined ? pa === pb : pa.equals(pb);
}

function sameClass(a: Endpoint, b: Endpoint): boolean {
  switch (a.kind) {
    case 'any':
      return b.kind === 'any';
    case 'group':
      // Memberships may overlap, so any two group rules can tie.
      return b.kind === 'group';
    case 'address':
      return b.kind === 'address' && a.address === b.address;
    case 'domain':
      return b.kind === 'domain' && a.domain === b.domain;
  }
}

/**
 * True when one mail can match both rules with equal specificity on both sides; then file
 * order decides between them (see `evaluate`).
 */
export function canTie(a: Rule, b: Rule): boolean {
  return sameClass(a.from, b.from) && sameClass(a.to, b.to);
}

/**
 * Diffs the live rule set against the target. The comparison is order-insensitive (a multiset of
 * rules keyed by {@link ruleKey}, passwords compared with `Secret.equals`), because precedence
 * goes by specificity, not position. The one exception is a tie: two rules that can match the same
 * mail with equal specificity apply in file order, so a swapped pair is reported in `reordered`.
 * Pure; the inputs are not changed.
 */
export function diffRuleSets(live: RuleSet, target: RuleSet): RuleSetDiff {
  const pool = new Map<string, Rule[]>();
  for (const r of live.rules) {
    const k = ruleKey(r);
    const list = pool.get(k);
    if (list === undefined) pool.set(k, [r]);
    else list.push(r);
  }
  const added: Rule[] = [];
  const unchanged: UnchangedRule[] = [];
  const matchedLive = new Set<Rule>();
  for (const t of target.rules) {
    const candidates = pool.get(ruleKey(t)) ?? [];
    const i = candidates.findIndex((l) => sameRule(l, t));
    if (i < 0) {
      added.push(t);
      continue;
    }
    const [l] = candidates.splice(i, 1);
    matchedLive.add(l!);
    unchanged.push({ live: l!, target: t });
  }
  const removed = live.rules.filter((r) => !matchedLive.has(r));
  const reordered: ReorderedPair[] = [];
  for (let i = 0; i < unchanged.length; i++) {
    for (let j = i + 1; j < unchanged.length; j++) {
      const a = unchanged[i]!;
      const b = unchanged[j]!;
      if (a.live.line > b.live.line && canTie(a.target, b.target))
        reordered.push({ first: a.target, second: b.target });
    }
  }
  return { added, removed, unchanged, reordered };
}
