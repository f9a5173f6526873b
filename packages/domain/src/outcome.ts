import type { Plan } from './plan.js';

/** How one action of a plan ended. */
export interface ActionResult {
  readonly id: string;
  /**
   * `done`; `failed` (line gets `(!)` with `message`); `pending` (e.g. CA mailbox validation —
   * resumed by a later run); `handed-off` (semi-automatic CSV); `skipped` (not run, e.g. stopped).
   */
  readonly status: 'done' | 'failed' | 'pending' | 'handed-off' | 'skipped';
  /** Reason or detail, free of secrets. */
  readonly message?: string;
  readonly serial?: string;
  readonly orderRef?: string;
  readonly fingerprint?: string;
}

/** What happened to one uploaded key file. */
export interface KeyImportResult {
  readonly file: string;
  readonly kind: 'pgp-public' | 'pgp-private' | 'certificate' | 'pkcs12';
  readonly status: 'imported' | 'failed' | 'skipped';
  readonly address?: string;
  /** Serial or fingerprint of what was imported. */
  readonly reference?: string;
  /** Why it failed (never which passphrases were tried). */
  readonly message?: string;
}

/** A certificate created, renewed or revoked in a run (for the S/MIME transaction report). */
export interface CertificateEvent {
  readonly event: 'created' | 'renewed' | 'revoked';
  readonly address: string;
  readonly serial: string;
  readonly subjectDn: string;
  readonly issuerDn: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly team: boolean;
  readonly orderRef?: string;
  /** The certificate (public) for created/renewed ones. */
  readonly certificatePem?: string;
  readonly revocationReason?: string;
}

/** The outcome of executing a plan: the plan, one result per action, imports, certificates. */
export interface SyncOutcome {
  readonly plan: Plan;
  readonly results: readonly ActionResult[];
  readonly imports: readonly KeyImportResult[];
  readonly certificates: readonly CertificateEvent[];
  /** The CA chain of created certificates (PEM, issuing CA first). */
  readonly chainPem: readonly string[];
  readonly startedAt: string;
  readonly finishedAt: string;
}

/**
 * How a sync ended — computed once ({@link syncStatus}) and shown the same way by the worker, the
 * CLI and the reports: `ok` every line done; `partial` some line `(!)`, some action failed, is
 * pending or did not run, or a key import failed; `failed` every action failed; `refused` the plan
 * was refused as a whole (revocation guard), nothing ran.
 */
export type SyncStatus = 'ok' | 'partial' | 'failed' | 'refused';

/** The status of an outcome (see {@link SyncStatus}). */
export function syncStatus(outcome: Pick<SyncOutcome, 'plan' | 'results' | 'imports'>): SyncStatus {
  if (outcome.plan.refusal) return 'refused';
  const bad = outcome.results.filter(
    (r) => r.status === 'failed' || r.status === 'pending' || r.status === 'skipped',
  ).length;
  if (outcome.results.length > 0 && bad === outcome.results.length) return 'failed';
  const refusedLine = outcome.plan.lines.some((l) => l.prefix === '(!)');
  const badImport = outcome.imports.some((r) => r.status === 'failed');
  return bad > 0 || refusedLine || badImport ? 'partial' : 'ok';
}
