import type { TenantConfig } from '@usesync/config';
import type { SyncOutcome } from '@usesync/domain';
import type { MailItem, NamedFile, UploadedFile } from '@usesync/mailer';
import {
  certificatesZip,
  type RenderedReport,
  renderRuleFile,
  renderSmimeReport,
  renderSyncReport,
  renderWatchdogReport,
  ruleFileName,
} from '@usesync/report';
import { semiAutomaticCsv } from './batch-import.js';
import type { SyncInputs } from './inputs.js';
import { mailOptionsOf } from './mail.js';
import type { WatchdogRun } from './watchdog.js';

/** A file a delivery hands back (the worker writes them to the share's return folder). */
export type DeliveryFile = NamedFile;

/** What a finished run produced for the customer: the reports, their files and the mail items. */
export interface Delivery {
  /** The main report: the sync report, or the WatchDog report. */
  readonly report: RenderedReport;
  /** The S/MIME transaction report, when certificates were issued or revoked. */
  readonly smimeReport?: RenderedReport;
  /** The semi-automatic CSV for the service desk, when creations were handed off. */
  readonly csv?: { readonly name: string; readonly content: string; readonly rows: number };
  /** The report texts, the certificate zip and the CSV, in that order (pushback). */
  readonly files: DeliveryFile[];
  /** Main report, S/MIME report (+ zip), CSV, in that order. */
  readonly items: MailItem[];
}

/** The file names of a delivery. */
export interface DeliveryNames {
  /** Text file of the main (sync or WatchDog) report. */
  readonly report: string;
  readonly smimeReport: string;
  readonly certificatesZip: string;
  readonly semiAutomaticCsv: string;
  /** Text file of the error report of inputs that failed their checks. */
  readonly errorReport?: string;
}

/** Where the S/MIME part of a delivery comes from (shown in the S/MIME report). */
export type DeliveryOrigin = 'sync' | 'watchdog' | 'batch-import';

/** Options of the delivery renderers. */
export interface DeliveryOptions {
  /** When the reports are made. */
  readonly now: Date;
  readonly names: DeliveryNames;
}

/**
 * The names the worker uses in the return folder: `<stem>.sync-report.txt` (or
 * `.watchdog-report.txt`), `<stem>.smime-report.txt`, `<stem>.certificates.zip`,
 * `<stem>.semi-automatic.csv`.
 */
export function stemNames(
  stem: string,
  report: 'sync-report' | 'watchdog-report' = 'sync-report',
): DeliveryNames {
  return {
    report: `${stem}.${report}.txt`,
    smimeReport: `${stem}.smime-report.txt`,
    certificatesZip: `${stem}.certificates.zip`,
    semiAutomaticCsv: `${stem}.semi-automatic.csv`,
    errorReport: `${stem}.error-report.txt`,
  };
}

/** The name stem of a sync's reports: the `.useimport` (else `.ruleimport`) name without suffix. */
export function reportStem(names: readonly string[]): string {
  const first =
    [...names].sort((a, b) =>
      a.toLowerCase().endsWith('.useimport') ? -1 : b.toLowerCase().endsWith('.useimport') ? 1 : 0,
    )[0] ?? 'sync';
  return first.replace(/\.(useimport|ruleimport)$/i, '');
}

/** The uploads of a sync as mail attachments (the mailer masks their secrets). */
export function uploadsOf(inputs: SyncInputs): UploadedFile[] {
  const out: UploadedFile[] = [];
  if (inputs.useImport)
    out.push({ name: inputs.useImport.name, kind: 'useimport', bytes: inputs.useImport.bytes });
  if (inputs.ruleImport)
    out.push({ name: inputs.ruleImport.name, kind: 'ruleimport', bytes: inputs.ruleImport.bytes });
  return out;
}

/** A part of a delivery after its main report: the S/MIME report (+ zip) or the semi-automatic CSV. */
export interface DeliveryPart {
  readonly smimeReport?: RenderedReport;
  readonly csv?: { readonly name: string; readonly content: string; readonly rows: number };
  readonly files: DeliveryFile[];
  readonly items: MailItem[];
}

/**
 * The S/MIME transaction report of an outcome's certificate events, with the certificate zip when
 * certificates were issued (a run that only revoked has no zip); nothing when no certificate
 * changed.
 */
export function smimeDelivery(
  tenant: string,
  outcome: SyncOutcome,
  origin: DeliveryOrigin,
  options: DeliveryOptions & { readonly actionId?: string },
): DeliveryPart {
  if (outcome.certificates.length === 0) return { files: [], items: [] };
  const { names } = options;
  const created = outcome.certificates.some((c) => c.event !== 'revoked');
  const zipName = names.certificatesZip;
  const smimeReport = renderSmimeReport({
    tenant,
    events: outcome.certificates,
    origin,
    now: options.now.toISOString(),
    ...(created ? { zipName } : {}),
    ...(options.actionId === undefined ? {} : { actionId: options.actionId }),
  });
  const files: DeliveryFile[] = [{ name: names.smimeReport, content: smimeReport.text }];
  const zip = created ? certificatesZip(outcome.certificates, outcome.chainPem) : undefined;
  if (zip) files.push({ name: zipName, content: zip });
  const item: MailItem = {
    kind: 'smime-report',
    report: smimeReport,
    ...(zip ? { zip: { name: zipName, content: zip } } : {}),
  };
  return { smimeReport, files, items: [item] };
}

function semiAutomaticDelivery(config: TenantConfig, outcome: SyncOutcome, name: string): DeliveryPart {
  const semi = semiAutomaticCsv(outcome, config);
  if (!semi) return { files: [], items: [] };
  const csv = { name, content: semi.csv, rows: semi.rows.length };
  return {
    csv,
    files: [{ name, content: semi.csv }],
    items: [{ kind: 'semi-auto-csv', csv: { name, content: semi.csv }, rows: csv.rows }],
  };
}

function assemble(
  report: RenderedReport,
  first: MailItem,
  extras: readonly DeliveryPart[],
  name: string,
): Delivery {
  const smimeReport = extras.find((e) => e.smimeReport)?.smimeReport;
  const csv = extras.find((e) => e.csv)?.csv;
  return {
    report,
    ...(smimeReport ? { smimeReport } : {}),
    ...(csv ? { csv } : {}),
    files: [{ name, content: report.text }, ...extras.flatMap((e) => e.files)],
    items: [first, ...extras.flatMap((e) => e.items)],
  };
}

/**
 * Renders what an applied sync sends back: the sync report (mailed with the uploads and the live
 * rule file), the S/MIME transaction report with the certificate zip when certificates changed,
 * and the semi-automatic CSV when creations were handed off. Pure apart from the `now` passed in.
 */
export function renderSyncDelivery(
  config: TenantConfig,
  inputs: SyncInputs,
  outcome: SyncOutcome,
  liveRules: readonly string[],
  options: DeliveryOptions,
): Delivery {
  const tenant = config.tenant.id;
  const { actionId } = mailOptionsOf(inputs);
  const withId = actionId === undefined ? {} : { actionId };
  const report = renderSyncReport({
    source: outcome,
    files: {
      ...(inputs.useImport ? { useimport: inputs.useImport.name } : {}),
      ...(inputs.ruleImport ? { ruleimport: inputs.ruleImport.name } : {}),
    },
    liveRules,
    now: options.now.toISOString(),
    ...withId,
  });
  const first: MailItem = {
    kind: 'sync-report',
    report,
    uploads: uploadsOf(inputs),
    ruleFile: { name: ruleFileName(tenant), content: renderRuleFile(liveRules) },
  };
  const extras = [
    smimeDelivery(tenant, outcome, 'sync', { ...options, ...withId }),
    semiAutomaticDelivery(config, outcome, options.names.semiAutomaticCsv),
  ];
  return assemble(report, first, extras, options.names.report);
}

/**
 * Renders what a WatchDog cycle sends back: the WatchDog report (naming the CSV when there is one),
 * and for a cycle that ran, the S/MIME report with the zip and the semi-automatic CSV. A dry run
 * (the run's source is a plan) gets the report only: no files, no mail items.
 */
export function renderWatchdogDelivery(
  config: TenantConfig,
  run: Pick<WatchdogRun, 'source' | 'settings' | 'watched'> & Partial<Pick<WatchdogRun, 'dryRun'>>,
  options: DeliveryOptions,
): Delivery {
  const outcome = 'results' in run.source ? run.source : undefined;
  const csvPart = outcome
    ? semiAutomaticDelivery(config, outcome, options.names.semiAutomaticCsv)
    : { files: [], items: [] };
  const report = renderWatchdogReport({
    source: run.source,
    settings: run.settings,
    watched: run.watched,
    now: options.now.toISOString(),
    ...(csvPart.csv ? { csvName: csvPart.csv.name } : {}),
    ...(run.dryRun === undefined ? {} : { dryRun: run.dryRun }),
  });
  if (run.dryRun ?? !outcome) return { report, files: [], items: [] };
  if (!outcome) {
    // A real cycle that ordered nothing but refused renewals (the cap): the report goes out.
    return {
      report,
      files: [{ name: options.names.report, content: report.text }],
      items: [{ kind: 'watchdog-report', report }],
    };
  }
  const extras = [smimeDelivery(config.tenant.id, outcome, 'watchdog', options), csvPart];
  return assemble(report, { kind: 'watchdog-report', report }, extras, options.names.report);
}
