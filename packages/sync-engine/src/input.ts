import type { LiveState, Secret } from '@usesync/domain';
import type { UseImportFile } from '@usesync/import-file';
import type { RuleSet } from '@usesync/rule-notation';
import type { PlanPolicy } from './policy.js';

/** Everything a plan is made from. The engine reads it and never changes it. */
export interface PlanInput {
  readonly tenant: string;
  /** The moment the plan is made for; decides expiry and the renewal buffer. */
  readonly now: Date;
  /** The parsed `.useimport` file (must have no errors). */
  readonly useImport?: UseImportFile;
  /** The parsed `.ruleimport` file (must have no errors): the target rule set. */
  readonly ruleImport?: RuleSet;
  /** The live rule set, parsed from `live.ruleSetText` by the caller. */
  readonly liveRules?: RuleSet;
  readonly live: LiveState;
  readonly policy: PlanPolicy;
  /**
   * Whether a passphrase is already on the tenant's list. The caller answers from the store; the
   * engine never sees the list. Without it, every passphrase line plans an addition.
   */
  readonly isKnownPassphrase?: (passphrase: Secret) => boolean;
  /** Run despite the revocation guard (`--allow-mass-revocation`). */
  readonly allowMassRevocation?: boolean;
  /**
   * Certificates revoked and PGP keys deleted for this tenant within the guard's rolling window
   * (`revocationGuard.windowHours`, before `now`): the guard counts them with this plan's, so a
   * mass revocation split over several files is refused too. The caller answers from the store.
   */
  readonly recentDestructive?: number;
  /**
   * Key files waiting in the share's key folders (the manual's "Key import"): each becomes a
   * `key-import` action after the passphrases, carrying its bytes sealed.
   */
  readonly keyFiles?: readonly KeyFileInput[];
  /** The tenant's default import passphrase (`smime.defaultImportPassphrase`), tried first. */
  readonly defaultImportPassphrase?: Secret;
}

/** An uploaded key file for {@link PlanInput.keyFiles}. */
export interface KeyFileInput {
  readonly name: string;
  readonly folder: 'public' | 'private';
  readonly bytes: Uint8Array;
}
