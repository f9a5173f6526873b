import type { CertificateEvent } from '@usesync/domain';
import type { Block, DocRecord } from './internal/doc.js';
import { formatTime, plural } from './internal/format.js';
import { type RenderedReport, render } from './rendered.js';

/** Input of {@link renderSmimeReport}. */
export interface SmimeReportInput {
  readonly tenant: string;
  /** When the report is made (ISO-8601). */
  readonly now: string;
  readonly actionId?: string;
  /** Certificates created, renewed and revoked in the run. */
  readonly events: readonly CertificateEvent[];
  /** Name of the attached zip with the certificates, if one is attached. */
  readonly zipName?: string;
  /** Where the run came from, e.g. `sync` or `watchdog`; shown in the header. */
  readonly origin?: string;
}

function record(e: CertificateEvent): DocRecord {
  const fields: [string, string][] = [
    ['Serial', e.serial],
    ['Subject', e.subjectDn],
    ['Address', e.address],
    ['Type', e.team ? 'team certificate' : 'personal certificate'],
    ['Valid', `${formatTime(e.notBefore)} – ${formatTime(e.notAfter)}`],
    ['Issuer', e.issuerDn],
    ['Order reference', e.orderRef ?? '—'],
  ];
  if (e.event === 'revoked') fields.push(['Revocation reason', e.revocationReason ?? '—']);
  return {
    heading: `${e.event === 'revoked' ? '(-)' : e.event === 'renewed' ? '(~)' : '(+)'} ${e.address}`,
    fields,
  };
}

/**
 * Renders the S/MIME transaction report: every created, renewed and revoked certificate with
 * serial, subject, address, validity and order reference. Certificates themselves travel in the
 * zip ({@link certificatesZip}); private keys never appear anywhere.
 */
export function renderSmimeReport(input: SmimeReportInput): RenderedReport {
  const title = `usesync S/MIME transaction report ${input.tenant}`;
  const created = input.events.filter((e) => e.event === 'created');
  const renewed = input.events.filter((e) => e.event === 'renewed');
  const revoked = input.events.filter((e) => e.event === 'revoked');
  const header: [string, string][] = [['Tenant', input.tenant]];
  if (input.actionId !== undefined) header.push(['Action id', input.actionId]);
  if (input.origin !== undefined) header.push(['Run', input.origin]);
  header.push(
    ['Report made', formatTime(input.now)],
    ['Created', String(created.length)],
    ['Renewed', String(renewed.length)],
    ['Revoked', String(revoked.length)],
  );
  if (input.zipName !== undefined)
    header.push(['Attachment', `${input.zipName} (certificates and CA chain, PEM)`]);
  const doc: Block[] = [
    { type: 'title', text: title },
    { type: 'fields', rows: header },
  ];
  const section = (name: string, list: readonly CertificateEvent[]): void => {
    doc.push({ type: 'section', text: `${name} (${plural(list.length, 'certificate')})` });
    doc.push(
      list.length === 0 ? { type: 'paragraph', text: 'None.' } : { type: 'records', items: list.map(record) },
    );
  };
  section('Created', created);
  section('Renewed', renewed);
  section('Revoked', revoked);
  if (created.length + renewed.length > 0) {
    doc.push({ type: 'section', text: 'Serial numbers' });
    doc.push({ type: 'list', items: [...created, ...renewed].map((e) => `${e.serial}  ${e.address}`) });
  }
  return render(title, doc);
}
