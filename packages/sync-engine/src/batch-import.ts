import {
  type CertificateRecord,
  type LineVerdict,
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

/** One row of a semi-automatic CSV, as the service desk sends it back. */
export interface BatchImportRow {
  readonly address: string;
  readonly name: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly team: boolean;
  /** Why the row was written (the CSV's reason column); may be empty. */
  readonly reason?: string;
}

/** Input of {@link planBatchImport}. */
export interface BatchImportPlanInput {
  readonly tenant: string;
  readonly now: Date;
  readonly rows: readonly BatchImportRow[];
  /** The tenant's certificates (the live state's `certificates`). */
  readonly certificates: readonly CertificateRecord[];
  readonly bufferHours: number;
  readonly maxLiveCertificates: number;
}

/**
 * Plans the service desk's batch import of a semi-automatic CSV, pure: an address whose latest
 * certificate lasts beyond the renewal buffer is `(%)` (so the same CSV twice orders nothing
 * twice), one inside the buffer is renewed `(~)`, one without any is created `(+)` within the cap
 * on live certificates. Lines are the CSV's rows (line 1 is the header). Same renewal and cap rule
 * as {@link plan} and {@link planWatchdog}.
 */
export function planBatchImport(input: BatchImportPlanInput): Plan {
  const { now, tenant } = input;
  const byAddress = certificatesByAddress(input.certificates);
  let capacity = input.maxLiveCertificates - liveCertificateCount(input.certificates, now);
  const lines: LineVerdict[] = [];
  const actions: SmimeCreateAction[] = [];
  const seen = new Set<string>();
  for (const [i, row] of input.rows.entries()) {
    const verdict = (prefix: LineVerdict['prefix'], reason: string, ids: string[] = []): void => {
      lines.push({
        line: i + 2,
        file: 'useimport',
        prefix,
        kind: 'semi-auto-row',
        address: row.address,
        text: `${row.address};${row.team ? 'team' : 'personal'}`,
        reason,
        actionIds: ids,
      });
    };
    const key = row.address.toLowerCase();
    if (seen.has(key)) {
      verdict('(%)', 'listed already in an earlier row');
      continue;
    }
    seen.add(key);
    const d = renewalDecision(byAddress.get(key) ?? [], now, input.bufferHours);
    if (d.kind === 'valid') {
      verdict(
        '(%)',
        `a valid certificate exists (serial ${d.latest.serial}, until ${d.latest.notAfter.slice(0, 10)})`,
      );
      continue;
    }
    if (d.countsAgainstCap) {
      if (capacity <= 0) {
        verdict('(!)', capRefusal(input.maxLiveCertificates));
        continue;
      }
      capacity--;
    }
    const renews = d.kind === 'renew' ? d.latest : undefined;
    const reason =
      row.reason || (renews ? renewalReason(renews, input.bufferHours) : 'listed in the semi-automatic CSV');
    const a = createActionFor(row, 'automatic', reason, renews);
    actions.push(a);
    verdict(
      renews ? '(~)' : '(+)',
      `${renews ? 'renew' : 'create'} a ${row.team ? 'team' : 'personal'} certificate`,
      [a.id],
    );
  }
  return { tenant, now: now.toISOString(), lines, actions, summary: summarize(lines, actions) };
}
