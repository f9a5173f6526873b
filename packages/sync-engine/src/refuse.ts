import { type Plan, summarize } from '@usesync/domain';

/**
 * Takes actions out of a plan that a check after planning refused (e.g. the CA's pre-flight: an
 * unknown product, a subject the product does not accept): each refused action is dropped, and
 * every line that asked for one turns `(!)` with the reason — so the plan says so before anything
 * is ordered, instead of failing at order time. Pure; returns the plan unchanged when nothing is
 * refused.
 */
export function refuseActions(plan: Plan, reasons: ReadonlyMap<string, string>): Plan {
  if (reasons.size === 0) return plan;
  const actions = plan.actions.filter((a) => !reasons.has(a.id));
  const lines = plan.lines.map((l) => {
    const refused = l.actionIds.find((id) => reasons.has(id));
    if (refused === undefined) return l;
    return {
      ...l,
      prefix: '(!)' as const,
      reason: `refused: ${reasons.get(refused)}`,
      actionIds: l.actionIds.filter((id) => !reasons.has(id)),
    };
  });
  return { ...plan, lines, actions, summary: summarize(lines, actions) };
}
