import type { PgpKeyType, Validity } from './keys.js';
import type { TenantId } from './records.js';
import type { Secret, SecretBytes } from './secret.js';

/**
 * The prefix of a line in the sync report. The manual defines `(+)`, `(-)` and `(%)`; usesync
 * adds `(!)` refused or failed (with the reason), `(~)` renewal of a certificate that expires
 * inside the buffer, and `(?)` handed to the semi-automatic CSV for the service desk.
 */
export type Prefix = '(+)' | '(-)' | '(%)' | '(!)' | '(~)' | '(?)';

/** Every prefix, in report order. */
export const PREFIXES: readonly Prefix[] = ['(+)', '(-)', '(~)', '(?)', '(!)', '(%)'];

interface ActionBase {
  /** Unique within a plan and stable for the same inputs, e.g. `smime-create:a@b.com`. */
  readonly id: string;
  /** The input line that asked for it; absent for derived actions (aggregated state, removals). */
  readonly line?: number;
  /** Why this action is needed, in words for the report. */
  readonly reason: string;
}

/** Create a PGP key pair. */
export interface PgpCreateAction extends ActionBase {
  readonly kind: 'pgp-create';
  readonly address: string;
  readonly name: string;
  readonly comment?: string;
  readonly keyType: PgpKeyType;
  readonly keyLength: number;
  readonly validity: Validity;
}

/** Delete every live PGP key of an address (an archived copy is kept). */
export interface PgpDeleteAction extends ActionBase {
  readonly kind: 'pgp-delete';
  readonly address: string;
  readonly fingerprints: readonly string[];
}

/** Order (or hand to the service desk) an S/MIME key pair and certificate. */
export interface SmimeCreateAction extends ActionBase {
  readonly kind: 'smime-create';
  readonly address: string;
  /** CN for team certificates; display name for personal ones. */
  readonly name: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly team: boolean;
  /** `semi-automatic`: written to the CSV for the service desk instead of ordered. */
  readonly mode: 'automatic' | 'semi-automatic';
  /** Set when this replaces a certificate that expires inside the buffer. */
  readonly renews?: { readonly serial: string; readonly notAfter: string };
}

/** Revoke every valid certificate of an address at the CA (private keys stay archived). */
export interface SmimeRevokeAction extends ActionBase {
  readonly kind: 'smime-revoke';
  readonly address: string;
  readonly certificates: readonly { readonly serial: string; readonly issuerDn: string }[];
}

/** Add a member (address or domain) to a group. */
export interface GroupAddAction extends ActionBase {
  readonly kind: 'group-add';
  readonly group: string;
  readonly member: string;
}

/** Remove a member that the full-state group no longer lists. */
export interface GroupRemoveAction extends ActionBase {
  readonly kind: 'group-remove';
  readonly group: string;
  readonly member: string;
}

/** Add a rule to the live rule set; `rule` is the canonical, masked text. */
export interface RuleAddAction extends ActionBase {
  readonly kind: 'rule-add';
  readonly rule: string;
}

/** Remove a rule from the live rule set; `rule` is the canonical, masked text. */
export interface RuleRemoveAction extends ActionBase {
  readonly kind: 'rule-remove';
  readonly rule: string;
}

/**
 * Add a passphrase to the import list. The passphrase travels sealed (a {@link Secret}: every
 * rendering of the plan shows the mask), so applying the plan needs no upload.
 */
export interface PassphraseAddAction extends ActionBase {
  readonly kind: 'passphrase-add';
  readonly line: number;
  readonly passphrase: Secret;
}

/**
 * Import an uploaded key file from the share's key folders (the manual's "Key import"). Planned
 * after every `passphrase-add`, so a PKCS#12 file and its `passphrase:` line work in one upload.
 * The file travels sealed ({@link SecretBytes}); `passphrases` are the candidates known at plan
 * time (the tenant's default first, then this plan's new ones) — the step adds the stored list.
 */
export interface KeyImportAction extends ActionBase {
  readonly kind: 'key-import';
  /** The file name as uploaded (safe to show). */
  readonly file: string;
  /** `public`: public keys and certificates; `private`: PKCS#12 and PGP private keys. */
  readonly folder: 'public' | 'private';
  readonly content: SecretBytes;
  readonly passphrases: readonly Secret[];
}

/** Put an address on the swisssign-users list the WatchDog reads. */
export interface SwissSignUserAddAction extends ActionBase {
  readonly kind: 'swisssign-user-add';
  readonly address: string;
  readonly name: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly team: boolean;
}

/** Take an address off the swisssign-users list. */
export interface SwissSignUserRemoveAction extends ActionBase {
  readonly kind: 'swisssign-user-remove';
  readonly address: string;
}

/** Everything a plan can ask for. Exhaustive `switch` + `assertNever` wherever it is handled. */
export type Action =
  | PgpCreateAction
  | PgpDeleteAction
  | SmimeCreateAction
  | SmimeRevokeAction
  | GroupAddAction
  | GroupRemoveAction
  | RuleAddAction
  | RuleRemoveAction
  | PassphraseAddAction
  | KeyImportAction
  | SwissSignUserAddAction
  | SwissSignUserRemoveAction;

/** The kind tag of an action. */
export type ActionKind = Action['kind'];

/** Whether an action costs money at the CA. */
export function isBillable(action: Action): boolean {
  return action.kind === 'smime-create' && action.mode === 'automatic';
}

/** What the plan says about one input line. */
export interface LineVerdict {
  /** 1-based line number in its file. */
  readonly line: number;
  /** Which file: the `.useimport` or the `.ruleimport`. */
  readonly file: 'useimport' | 'ruleimport';
  readonly prefix: Prefix;
  /** Entry kind: `smime-state`, `pgp-state`, `group`, `passphrase`, `option`, `rule`. */
  readonly kind: string;
  readonly address?: string;
  /** Canonical, masked text of the line (safe to show). */
  readonly text: string;
  /** Why, in words. */
  readonly reason: string;
  /** Ids of the actions this line caused. */
  readonly actionIds: readonly string[];
}

/** A plan refused as a whole (e.g. the revocation guard); nothing of it may run. */
export interface PlanRefusal {
  readonly code: string;
  readonly message: string;
}

/** Counts of a plan, for summaries. */
export interface PlanSummary {
  readonly lines: Readonly<Record<Prefix, number>>;
  readonly actions: Readonly<Partial<Record<ActionKind, number>>>;
}

/**
 * A plan: plain, serialisable data. The same inputs always give the same plan, in a stable order
 * (PGP, then S/MIME, then groups, then the rule set).
 */
export interface Plan {
  readonly tenant: TenantId;
  /** The `now` the plan was made for (ISO-8601). */
  readonly now: string;
  readonly lines: readonly LineVerdict[];
  readonly actions: readonly Action[];
  readonly refusal?: PlanRefusal;
  readonly summary: PlanSummary;
  /**
   * The target rule set (canonical, unmasked text, sealed) when the plan changes the rule set:
   * what `rule-add`/`rule-remove` write. Absent when there is no `.ruleimport`.
   */
  readonly targetRuleSet?: Secret;
}

/** Counts lines per prefix and actions per kind. */
export function summarize(lines: readonly LineVerdict[], actions: readonly Action[]): PlanSummary {
  const byPrefix = Object.fromEntries(PREFIXES.map((p) => [p, 0])) as Record<Prefix, number>;
  for (const l of lines) byPrefix[l.prefix]++;
  const byKind: Partial<Record<ActionKind, number>> = {};
  for (const a of actions) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
  return { lines: byPrefix, actions: byKind };
}

/** True when the plan would change anything. */
export function hasChanges(plan: Plan): boolean {
  return plan.actions.length > 0;
}
