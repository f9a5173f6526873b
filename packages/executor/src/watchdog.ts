import { createHash } from 'node:crypto';
import type { TenantConfig } from '@usesync/config';
import {
  type CertificateRecord,
  type LineVerdict,
  type Plan,
  type SmimeCreateAction,
  type SwissSignUserRecord,
  type SyncOutcome,
  summarize,
} from '@usesync/domain';
import type { WatchdogSettings } from '@usesync/report';
import { type ApplyOptions, applyPlan } from './apply-plan.js';
import type { ExecutorDeps } from './deps.js';

const HOUR = 3_600_000;

/** Options of {@link runWatchdog}. */
export interface WatchdogOptions
  extends Pick<ApplyOptions, 'signal' | 'onProgress' | 'orderWaitMs' | 'concurrency' | 'clock'> {
  readonly now: Date;
  /** Plan only: order nothing, change nothing. */
  readonly dryRun?: boolean;
}

/** What a WatchDog cycle did: the input of `renderWatchdogReport` plus the refusals. */
export interface WatchdogRun {
  /** The plan (dry run) or the outcome of running it. */
  readonly source: Plan | SyncOutcome;
  readonly settings: WatchdogSettings;
  /** Addresses on the swisssign-users list that were checked. */
  readonly watched: number;
  /** False when `watchdog.enabled` is off in the configuration (nothing was checked). */
  readonly enabled: boolean;
}

/** The certificate the WatchDog looks at: the active one that lasts longest (expired ones included). */
export function latestCertificate(certs: readonly CertificateRecord[]): CertificateRecord | undefined {
  return certs
    .filter((c) => c.status === 'active')
    .reduce<CertificateRecord | undefined>(
      (best, c) => (!best || c.notAfter > best.notAfter ? c : best),
      undefined,
    );
}

/** The `smime-create` action for a listed address (renewal when `renews` is given). */
export function createActionFor(
  user: Pick<SwissSignUserRecord, 'address' | 'name' | 'givenName' | 'surname' | 'team'>,
  mode: SmimeCreateAction['mode'],
  reason: string,
  renews?: CertificateRecord,
): SmimeCreateAction {
  return {
    kind: 'smime-create',
    id: `smime-create:${user.address}`,
    reason,
    address: user.address,
    name: user.name,
    ...(user.givenName === undefined ? {} : { givenName: user.givenName }),
    ...(user.surname === undefined ? {} : { surname: user.surname }),
    team: user.team,
    mode,
    ...(renews ? { renews: { serial: renews.serial, notAfter: renews.notAfter } } : {}),
  };
}

/**
 * One WatchDog cycle: certificates of addresses on the swisssign-users list that expire within
 * `watchdog.bufferHours` are renewed (a new key and order; the old certificate is not revoked).
 * Chained: only addresses that have a certificate; unchained: listed addresses without one get
 * their first. Semi-automatic: the actions are handed off (the CSV) instead of ordered. The cap
 * on live certificates holds for first issuances. Lines of the plan are the list entries
 * (numbered in list order).
 */
export async function runWatchdog(
  deps: ExecutorDeps,
  config: TenantConfig,
  options: WatchdogOptions,
): Promise<WatchdogRun> {
  const w = config.watchdog;
  const settings: WatchdogSettings = { mode: w.mode, chained: w.chained, bufferHours: w.bufferHours };
  const tenant = config.tenant.id;
  const now = options.now;
  const live = await deps.store.snapshot(tenant, { material: false });
  const users = w.enabled ? live.swissSignUsers : [];
  const byAddress = new Map<string, CertificateRecord[]>();
  for (const c of live.certificates)
    byAddress.set(c.address.toLowerCase(), [...(byAddress.get(c.address.toLowerCase()) ?? []), c]);
  const liveCount = live.certificates.filter(
    (c) => c.status === 'active' && Date.parse(c.notAfter) > now.getTime(),
  ).length;
  let capacity = config.smime.maxLiveCertificates - liveCount;
  const bufferEnd = new Date(now.getTime() + w.bufferHours * HOUR).toISOString();
  const actions: SmimeCreateAction[] = [];
  const lines: LineVerdict[] = [];
  for (const [i, u] of users.entries()) {
    const latest = latestCertificate(byAddress.get(u.address.toLowerCase()) ?? []);
    const verdict = (prefix: LineVerdict['prefix'], reason: string, ids: string[] = []): void => {
      lines.push({
        line: i + 1,
        file: 'useimport',
        prefix,
        kind: 'swisssign-user',
        address: u.address,
        text: u.address,
        reason,
        actionIds: ids,
      });
    };
    const semi = w.mode === 'semi-automatic';
    if (latest) {
      if (latest.notAfter > bufferEnd) {
        verdict('(%)', `valid until ${latest.notAfter}`);
        continue;
      }
      const a = createActionFor(
        u,
        w.mode,
        `the certificate ${latest.serial} expires ${latest.notAfter}, inside the ${w.bufferHours} h buffer`,
        latest,
      );
      actions.push(a);
      verdict(semi ? '(?)' : '(~)', a.reason, [a.id]);
      continue;
    }
    if (w.chained) {
      verdict('(%)', 'no previous certificate (chained mode renews existing certificates only)');
      continue;
    }
    if (capacity <= 0) {
      verdict(
        '(!)',
        `refused: the tenant's limit of ${config.smime.maxLiveCertificates} live certificates would be exceeded`,
      );
      continue;
    }
    capacity--;
    const a = createActionFor(u, w.mode, 'listed without a certificate (unchained mode: first issuance)');
    actions.push(a);
    verdict(semi ? '(?)' : '(+)', a.reason, [a.id]);
  }
  const plan: Plan = { tenant, now: now.toISOString(), lines, actions, summary: summarize(lines, actions) };
  const base = { settings, watched: users.length, enabled: w.enabled };
  if (options.dryRun || actions.length === 0) return { ...base, source: plan };
  const runKey = createHash('sha256')
    .update(`watchdog|${tenant}|${actions.map((a) => `${a.id}:${a.renews?.serial ?? ''}`).join(',')}`)
    .digest('hex');
  const outcome = await applyPlan(
    deps,
    config,
    plan,
    { ok: true },
    {
      now,
      runKey,
      origin: 'watchdog',
      ...pick(options),
    },
  );
  return { ...base, source: outcome };
}

function pick(o: WatchdogOptions): Partial<ApplyOptions> {
  return {
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.orderWaitMs === undefined ? {} : { orderWaitMs: o.orderWaitMs }),
    ...(o.concurrency === undefined ? {} : { concurrency: o.concurrency }),
    ...(o.clock ? { clock: o.clock } : {}),
  };
}
