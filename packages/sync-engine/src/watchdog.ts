import {
  type LineVerdict,
  type LiveState,
  type Plan,
  type SmimeCreateAction,
  summarize,
} from '@usesync/domain';
import {
  capRefusal,
  certificatesByAddress,
  createActionFor,
  liveCertificateCount,
  renewalDecision,
  renewalReason,
} from './renewal.js';

/** The WatchDog's settings (the tenant configuration's `watchdog` section and the cap). */
export interface WatchdogPolicy {
  readonly enabled: boolean;
  readonly mode: SmimeCreateAction['mode'];
  /** Renew existing certificates only (no first issuance for listed addresses without one). */
  readonly chained: boolean;
  readonly bufferHours: number;
  readonly maxLiveCertificates: number;
}

/** Input of {@link planWatchdog}. */
export interface WatchdogPlanInput {
  readonly tenant: string;
  readonly now: Date;
  /** The live state; its `swissSignUsers` and `certificates` are read. */
  readonly live: Pick<LiveState, 'swissSignUsers' | 'certificates'>;
  readonly policy: WatchdogPolicy;
}

/**
 * Plans one WatchDog cycle, pure: addresses on the swisssign-users list whose latest certificate
 * ends inside the buffer are renewed; unchained, a listed address without one gets its first
 * (bounded by the cap on live certificates, `(!)` beyond it). Semi-automatic: the actions are
 * handed off (`(?)`). One line per list entry, numbered in list order. The same renewal and cap
 * rule as {@link plan} (see `renewalDecision`).
 */
export function planWatchdog(input: WatchdogPlanInput): Plan {
  const { policy: w, now, tenant } = input;
  const users = w.enabled ? input.live.swissSignUsers : [];
  const byAddress = certificatesByAddress(input.live.certificates);
  let capacity = w.maxLiveCertificates - liveCertificateCount(input.live.certificates, now);
  const semi = w.mode === 'semi-automatic';
  const actions: SmimeCreateAction[] = [];
  const lines: LineVerdict[] = [];
  for (const [i, u] of users.entries()) {
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
    const d = renewalDecision(byAddress.get(u.address.toLowerCase()) ?? [], now, w.bufferHours);
    if (d.kind === 'valid') {
      verdict('(%)', `valid until ${d.latest.notAfter}`);
      continue;
    }
    if (d.kind === 'first' && w.chained) {
      verdict('(%)', 'no previous certificate (chained mode renews existing certificates only)');
      continue;
    }
    if (d.countsAgainstCap) {
      if (capacity <= 0) {
        verdict('(!)', capRefusal(w.maxLiveCertificates));
        continue;
      }
      capacity--;
    }
    const a =
      d.kind === 'renew'
        ? createActionFor(u, w.mode, renewalReason(d.latest, w.bufferHours), d.latest)
        : createActionFor(u, w.mode, 'listed without a certificate (unchained mode: first issuance)');
    actions.push(a);
    verdict(semi ? '(?)' : d.kind === 'renew' ? '(~)' : '(+)', a.reason, [a.id]);
  }
  return { tenant, now: now.toISOString(), lines, actions, summary: summarize(lines, actions) };
}
