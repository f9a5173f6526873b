import type { TenantConfig } from '@usesync/config';
import { policyFromConfig } from '@usesync/config';
import type { LiveState, LiveStateReader, PassphraseStore, Plan, Secret, SyncJournal } from '@usesync/domain';
import { parseRuleFile } from '@usesync/rule-notation';
import { type KeyFileInput, plan } from '@usesync/sync-engine';
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
  store: LiveStateReader & PassphraseStore & Partial<Pick<SyncJournal, 'listRuns' | 'listActions'>>,
  config: TenantConfig,
  inputs: SyncInputs,
  options: PlanSyncOptions,
): Promise<Plan> {
  const tenant = config.tenant.id;
  const live = await store.snapshot(tenant, { material: false });
  const known = inputs.useImport?.value.entries.some((e) => e.kind === 'passphrase')
    ? await store.listPassphrases(tenant)
    : [];
  const policy = policyFromConfig(config);
  const recent = await recentDestructive(
    store,
    tenant,
    live,
    options.now,
    policy.revocationGuard.windowHours,
  );
  return plan({
    tenant,
    recentDestructive: recent,
    now: options.now,
    ...(inputs.useImport ? { useImport: inputs.useImport.value } : {}),
    ...(inputs.ruleImport ? { ruleImport: inputs.ruleImport.value } : {}),
    liveRules: parseRuleFile(live.ruleSetText).value,
    live,
    policy,
    isKnownPassphrase: (p) => known.some((k) => k.equals(p)),
    ...(options.allowMassRevocation ? { allowMassRevocation: true } : {}),
    ...(options.keyFiles?.length ? { keyFiles: options.keyFiles } : {}),
    ...(options.defaultImportPassphrase ? { defaultImportPassphrase: options.defaultImportPassphrase } : {}),
  });
}

/**
 * Certificates revoked and PGP keys deleted for a tenant within the guard's rolling window: the
 * certificates by their revocation time, the PGP deletions from the journal's completed
 * `pgp-delete` actions (a deleted key keeps no deletion time).
 */
async function recentDestructive(
  store: Partial<Pick<SyncJournal, 'listRuns' | 'listActions'>>,
  tenant: string,
  live: LiveState,
  now: Date,
  windowHours: number,
): Promise<number> {
  const since = new Date(now.getTime() - windowHours * 3_600_000).toISOString();
  const at = now.toISOString();
  let n = 0;
  for (const c of live.certificates)
    if (c.status === 'revoked' && c.revokedAt !== undefined && c.revokedAt >= since && c.revokedAt <= at) n++;
  if (!store.listRuns || !store.listActions) return n;
  for (const run of await store.listRuns(tenant, 200)) {
    if ((run.finishedAt ?? run.startedAt) < since) continue;
    for (const e of await store.listActions(tenant, run.id)) {
      if (e.state !== 'completed' || (e.finishedAt ?? e.startedAt) < since) continue;
      const action = (e.outcome as { action?: { kind?: string; fingerprints?: unknown[] } } | undefined)
        ?.action;
      if (action?.kind === 'pgp-delete') n += action.fingerprints?.length ?? 0;
    }
  }
  return n;
}
