import type { Plan, SmimeCreateAction } from '@usesync/domain';
import { describeProductCheck } from '@usesync/swisssign';
import { refuseActions } from '@usesync/sync-engine';
import type { CertificateAuthority } from './deps.js';

/** Something that went wrong while asking the CA (the plan stays as it was; order time decides). */
export interface PreflightProblem {
  readonly message: string;
}

/**
 * The CA's pre-flight on a plan: every automatic `smime-create` is checked against the CA before
 * anything is ordered — the configured product must exist (did-you-mean otherwise) and the subject
 * the order will carry (CN, names, the configured O/OU/C defaults) must be one the product accepts
 * (`/v2/validate`, cached per product and subject shape by the client). Refused creations are taken
 * out of the plan and their lines turn `(!)` with the CA's reason. A CA that cannot be reached
 * refuses nothing: `problems` says so and the orders decide.
 */
export async function preflightPlan(
  plan: Plan,
  ca: CertificateAuthority | undefined,
  signal?: AbortSignal,
): Promise<{ plan: Plan; problems: PreflightProblem[] }> {
  const creations = plan.actions.filter(
    (a): a is SmimeCreateAction => a.kind === 'smime-create' && a.mode === 'automatic',
  );
  if (!ca?.preflight || creations.length === 0) return { plan, problems: [] };
  const reasons = new Map<string, string>();
  const problems: PreflightProblem[] = [];
  const call = signal ? { signal } : {};
  for (const a of creations) {
    try {
      const r = await ca.preflight(
        {
          kind: a.team ? 'team' : 'personal',
          email: a.address,
          ...(a.team ? { teamName: a.name } : { givenName: a.givenName ?? '', surname: a.surname ?? '' }),
        },
        call,
      );
      if (r.kind === 'accepted') continue;
      reasons.set(
        a.id,
        r.kind === 'unknown-product'
          ? describeProductCheck(r.check)
          : `the CA does not accept this subject for product ${r.product.name}: ${r.messages.join('; ')}`,
      );
    } catch (e) {
      problems.push({ message: `the CA's pre-flight check could not run: ${(e as Error).message}` });
      break;
    }
  }
  return { plan: refuseActions(plan, reasons), problems };
}
