import type { TenantConfig } from '@usesync/config';
import type { SyncOutcome } from '@usesync/domain';
import type { SyncInputs } from '@usesync/executor';
import { semiAutomaticCsv } from '@usesync/executor';
import { composeMessages, type MailItem, type MailSpool, type UploadedFile } from '@usesync/mailer';
import {
  certificatesZip,
  type RenderedReport,
  renderRuleFile,
  renderSmimeReport,
  renderSyncReport,
  ruleFileName,
} from '@usesync/report';
import { joinSharePath, type Share } from '@usesync/share';
import type { Logger } from './logger.js';

/** A file written to the share's return folder. */
export interface PushbackFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** What a finished sync produced for the customer. */
export interface Delivery {
  readonly syncReport: RenderedReport;
  readonly smimeReport?: RenderedReport;
  /** Files for `return/` (written when pushback is on). */
  readonly files: PushbackFile[];
  readonly items: MailItem[];
}

/** The name stem of a sync's reports: the `.useimport` (else `.ruleimport`) name without suffix. */
export function reportStem(names: readonly string[]): string {
  const first =
    [...names].sort((a, b) =>
      a.toLowerCase().endsWith('.useimport') ? -1 : b.toLowerCase().endsWith('.useimport') ? 1 : 0,
    )[0] ?? 'sync';
  return first.replace(/\.(useimport|ruleimport)$/i, '');
}

/** The uploads as mail attachments (the mailer masks secrets). */
export function uploadsOf(inputs: SyncInputs): UploadedFile[] {
  const out: UploadedFile[] = [];
  if (inputs.useImport)
    out.push({ name: inputs.useImport.name, kind: 'useimport', bytes: inputs.useImport.bytes });
  if (inputs.ruleImport)
    out.push({ name: inputs.ruleImport.name, kind: 'ruleimport', bytes: inputs.ruleImport.bytes });
  return out;
}

/**
 * Renders what an applied sync sends back: the sync report (+ the live rule file), the S/MIME
 * transaction report with the certificate zip when certificates changed, the semi-automatic CSV
 * when creations were handed off. Pure apart from the clock passed in.
 */
export function renderDelivery(
  config: TenantConfig,
  inputs: SyncInputs,
  outcome: SyncOutcome,
  liveRules: readonly string[],
  now: Date,
): Delivery {
  const tenant = config.tenant.id;
  const stem = reportStem(uploadsOf(inputs).map((u) => u.name));
  const actionId = inputs.useImport?.value.options['action-id']?.value;
  const common = { now: now.toISOString(), ...(actionId === undefined ? {} : { actionId }) };
  const syncReport = renderSyncReport({
    source: outcome,
    files: {
      ...(inputs.useImport ? { useimport: inputs.useImport.name } : {}),
      ...(inputs.ruleImport ? { ruleimport: inputs.ruleImport.name } : {}),
    },
    liveRules,
    ...common,
  });
  const files: PushbackFile[] = [{ name: `${stem}.sync-report.txt`, content: syncReport.text }];
  const items: MailItem[] = [
    {
      kind: 'sync-report',
      report: syncReport,
      uploads: uploadsOf(inputs),
      ruleFile: { name: ruleFileName(tenant), content: renderRuleFile(liveRules) },
    },
  ];
  let smimeReport: RenderedReport | undefined;
  if (outcome.certificates.length > 0) {
    const zipName = `${stem}.certificates.zip`;
    const created = outcome.certificates.some((c) => c.event !== 'revoked');
    smimeReport = renderSmimeReport({
      tenant,
      events: outcome.certificates,
      origin: 'sync',
      ...(created ? { zipName } : {}),
      ...common,
    });
    files.push({ name: `${stem}.smime-report.txt`, content: smimeReport.text });
    const zip = created ? certificatesZip(outcome.certificates, outcome.chainPem) : undefined;
    if (zip) files.push({ name: zipName, content: zip });
    items.push({
      kind: 'smime-report',
      report: smimeReport,
      ...(zip ? { zip: { name: zipName, content: zip } } : {}),
    });
  }
  const csv = semiAutomaticCsv(outcome, config);
  if (csv) {
    const name = `${stem}.semi-automatic.csv`;
    files.push({ name, content: csv.csv });
    items.push({ kind: 'semi-auto-csv', csv: { name, content: csv.csv }, rows: csv.rows.length });
  }
  return { syncReport, ...(smimeReport ? { smimeReport } : {}), files, items };
}

/** Sends the mail items of a sync through the spool; returns how many messages were sent/queued. */
export async function sendMail(
  spool: MailSpool,
  config: TenantConfig,
  from: string,
  inputs: SyncInputs | undefined,
  items: readonly MailItem[],
  log: Logger,
): Promise<number> {
  const opts = inputs?.useImport?.value.options;
  const actionId = opts?.['action-id']?.value;
  const { messages, warnings } = composeMessages({
    tenant: config.tenant.id,
    from,
    recipients: config.reports,
    ...(actionId === undefined ? {} : { actionId }),
    fileOptions: {
      ...(opts?.addmailreport ? { addmailreport: opts.addmailreport.value } : {}),
      ...(opts?.addmailadmin ? { addmailadmin: opts.addmailadmin.value } : {}),
      ...(opts?.addmailbcc ? { addmailbcc: opts.addmailbcc.value } : {}),
    },
    items,
  });
  for (const w of warnings) log.warn({ warning: w }, 'mail composition warning');
  const results = await spool.sendAll(messages);
  for (const r of results)
    if (r.state !== 'sent')
      log.warn({ mailId: r.id, state: r.state }, 'mail not delivered yet; kept in the spool');
  return results.length;
}

/** Writes files to the share's return folder (pushback). */
export async function pushback(
  share: Share,
  config: TenantConfig,
  files: readonly PushbackFile[],
): Promise<string[]> {
  if (!config.pushback || files.length === 0) return [];
  await share.mkdir(config.share.returnDir);
  const written: string[] = [];
  for (const f of files) {
    const path = joinSharePath(config.share.returnDir, f.name);
    await share.write(path, typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content);
    written.push(path);
  }
  return written;
}
