import type { Store } from '@usesync/domain';
import { parseRuleFile, printRuleSet } from '@usesync/rule-notation';

/** The tenant's live rule set as printed rule lines (for the sync report and the rule file). */
export async function readLiveRules(store: Store, tenant: string): Promise<string[]> {
  return printRuleSet(parseRuleFile(await store.getRuleSet(tenant)).value)
    .split('\n')
    .filter(Boolean);
}
