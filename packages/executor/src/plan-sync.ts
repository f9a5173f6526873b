import type { TenantConfig } from '@usesync/config';
import type { LiveStateReader, PassphraseStore, Plan, Secret } from '@usesync/domain';
import { parseRuleFile } from '@usesync/rule-notation';
import { type KeyFileInput, plan, policyFromConfig } from '@usesync/sync-engine';
import type { SyncInputs } from './inputs.js';

/** Options of {@link planSync}. */
export interface PlanSyncOptions {
  readonly now: Date;
  readonly allowMassRevocation?: boolean;
  /** Files waiting in the key folders: planned as `key-import` actions after the passphrases. */
  readonly keyFiles?: readonly KeyFileInput[];
  /** The tenant's default import passphrase, tried first for every key file. */
  readonly defaultImportPassphrase?: Secret;
}

/**
 * Reads the tenant's live state and plans the sync of checked inputs (which must be `ok`) and of
 * the waiting key files. Reads only: nothing in the store changes. The plan is self-contained.
 */
export async function planSync(
  store: LiveStateReader & PassphraseStore,
  config: TenantConfig,
  inputs: SyncInputs,
  options: PlanSyncOptions,
): Promise<Plan> {
  const tenant = config.tenant.id;
  const live = await store.snapshot(tenant, { material: false });
  const known = inputs.useImport?.value.entries.some((e) => e.kind === 'passphrase')
    ? await store.listPassphrases(tenant)
    : [];
  return plan({
    tenant,
    now: options.now,
    ...(inputs.useImport ? { useImport: inputs.useImport.value } : {}),
    ...(inputs.ruleImport ? { ruleImport: inputs.ruleImport.value } : {}),
    liveRules: parseRuleFile(live.ruleSetText).value,
    live,
    policy: policyFromConfig(config),
    isKnownPassphrase: (p) => known.some((k) => k.equals(p)),
    ...(options.allowMassRevocation ? { allowMassRevocation: true } : {}),
    ...(options.keyFiles?.length ? { keyFiles: options.keyFiles } : {}),
    ...(options.defaultImportPassphrase ? { defaultImportPassphrase: options.defaultImportPassphrase } : {}),
  });
}
