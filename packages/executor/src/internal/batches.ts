import type {
  GroupAddAction,
  GroupRemoveAction,
  RuleAddAction,
  RuleRemoveAction,
  Store,
} from '@usesync/domain';
import { journalOutcome, reasonOf, type StepContext, type StepOutput } from './context.js';

/**
 * Applies group actions per group as full state: the group's members afterwards are the live
 * members plus the additions minus the removals, written with one `setGroupMembers` together with
 * the journal completion of every action of that group.
 */
export async function applyGroups(
  ctx: StepContext,
  actions: readonly (GroupAddAction | GroupRemoveAction)[],
): Promise<Map<string, StepOutput>> {
  const out = new Map<string, StepOutput>();
  const byGroup = new Map<string, (GroupAddAction | GroupRemoveAction)[]>();
  for (const a of actions) byGroup.set(a.group, [...(byGroup.get(a.group) ?? []), a]);
  const live = new Map((await ctx.store.listGroups(ctx.tenant)).map((g) => [g.name, g.members]));
  for (const [group, list] of byGroup) {
    const members = new Set(live.get(group) ?? []);
    for (const a of list) {
      if (a.kind === 'group-add') members.add(a.member);
      else members.delete(a.member);
    }
    try {
      await ctx.store.transaction(ctx.tenant, async (tx: Store) => {
        await tx.setGroupMembers(ctx.tenant, group, [...members]);
        for (const a of list) {
          const o: StepOutput = { result: { id: a.id, status: 'done' }, journalled: true };
          await tx.completeAction(ctx.tenant, ctx.runId, a.id, journalOutcome(o, a));
          out.set(a.id, o);
        }
      });
    } catch (e) {
      for (const a of list) out.set(a.id, { result: { id: a.id, status: 'failed', message: reasonOf(e) } });
    }
  }
  return out;
}

/** Sets the live rule set to the target file's rules (unmasked, canonical) in one write. */
export async function applyRules(
  ctx: StepContext,
  actions: readonly (RuleAddAction | RuleRemoveAction)[],
): Promise<Map<string, StepOutput>> {
  const out = new Map<string, StepOutput>();
  const target = ctx.targetRuleSet;
  if (target === undefined) {
    for (const a of actions) {
      out.set(a.id, {
        result: { id: a.id, status: 'failed', message: 'the plan carries no target rule set' },
      });
    }
    return out;
  }
  try {
    await ctx.store.transaction(ctx.tenant, async (tx: Store) => {
      await tx.setRuleSet(ctx.tenant, target);
      for (const a of actions) {
        const o: StepOutput = { result: { id: a.id, status: 'done' }, journalled: true };
        await tx.completeAction(ctx.tenant, ctx.runId, a.id, journalOutcome(o, a));
        out.set(a.id, o);
      }
    });
  } catch (e) {
    for (const a of actions) out.set(a.id, { result: { id: a.id, status: 'failed', message: reasonOf(e) } });
  }
  return out;
}
