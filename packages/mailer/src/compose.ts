import { isValidMailbox, normalizeAddress } from '@usesync/domain';
import { maskUploadedFile, type UploadedFile } from './mask-upload.js';
import type { MailAttachment, MailKind, MailMessage } from './message.js';

/** A rendered report as `@usesync/report` returns it (title for the subject, text, HTML). */
export interface MailBody {
  readonly title: string;
  readonly text: string;
  readonly html?: string;
}

/** A named text or byte file to attach. */
export interface NamedFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** Something to mail. Each kind goes to its own recipients. */
export type MailItem =
  /** To the report addresses: the report, the uploaded files (masked) and the live rule file. */
  | {
      readonly kind: 'sync-report';
      readonly report: MailBody;
      readonly uploads: readonly UploadedFile[];
      readonly ruleFile?: NamedFile;
    }
  /** To the report addresses: why the upload was not applied, with the uploaded files (masked). */
  | { readonly kind: 'error-report'; readonly report: MailBody; readonly uploads: readonly UploadedFile[] }
  /** To the S/MIME report addresses, with the certificate zip. */
  | { readonly kind: 'smime-report'; readonly report: MailBody; readonly zip?: NamedFile }
  /** To the admin addresses: the CSV for the service desk. */
  | {
      readonly kind: 'semi-auto-csv';
      readonly csv: NamedFile;
      readonly rows: number;
      readonly report?: MailBody;
    }
  /** To the report addresses. */
  | { readonly kind: 'watchdog-report'; readonly report: MailBody };

/** Recipients from the tenant configuration (`reports:` section). */
export interface ConfiguredRecipients {
  readonly report: readonly string[];
  readonly admin: readonly string[];
  readonly smimeReport: readonly string[];
  readonly bcc: readonly string[];
}

/** The mail options of the uploaded `.useimport` (`addmailreport`, `addmailadmin`, `addmailbcc`). */
export interface FileMailOptions {
  readonly addmailreport?: string;
  readonly addmailadmin?: string;
  readonly addmailbcc?: string;
}

/** Input of {@link composeMessages}. */
export interface ComposeInput {
  readonly tenant: string;
  /** The sender address. */
  readonly from: string;
  /** The `action-id` option; prefixes every subject (e.g. `RCR 123456 – usesync sync report 12345TE`). */
  readonly actionId?: string;
  readonly recipients: ConfiguredRecipients;
  readonly fileOptions?: FileMailOptions;
  readonly items: readonly MailItem[];
}

/** The result of {@link composeMessages}: messages to send, and what could not be addressed. */
export interface Composed {
  readonly messages: MailMessage[];
  /** Items without any recipient, and ignored invalid option addresses; for the log. */
  readonly warnings: string[];
}

const TEXT = 'text/plain; charset=utf-8';

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

function contentTypeOf(name: string): string {
  if (name.endsWith('.zip')) return 'application/zip';
  if (name.endsWith('.csv')) return 'text/csv; charset=utf-8';
  return TEXT;
}

function attach(file: NamedFile): MailAttachment {
  return { filename: file.name, content: bytesOf(file.content), contentType: contentTypeOf(file.name) };
}

function uploadAttachments(uploads: readonly UploadedFile[]): {
  attachments: MailAttachment[];
  note: string;
} {
  const masked = uploads.map(maskUploadedFile);
  const note = masked.some((m) => m.masked)
    ? '\n\nThe uploaded files are attached; passphrases and swm passwords in them are masked (••••••).\n'
    : uploads.length > 0
      ? '\n\nThe uploaded files are attached.\n'
      : '';
  return {
    attachments: masked.map((m) => ({ filename: m.name, content: m.content, contentType: TEXT })),
    note,
  };
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Adds the attachment note to the HTML body too, before `</body>` when there is one. */
function withNote(html: string, note: string): string {
  if (note.trim() === '') return html;
  const p = `<p>${escapeHtml(note.trim())}</p>`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? `${html}${p}` : `${html.slice(0, at)}${p}\n${html.slice(at)}`;
}

/** Unique, normalised, valid addresses, in first-seen order. */
function addresses(list: readonly (string | undefined)[], warnings: string[], what: string): string[] {
  const out: string[] = [];
  for (const a of list) {
    if (a === undefined || a.trim() === '') continue;
    if (!isValidMailbox(a.trim())) {
      warnings.push(`ignored a ${what} recipient: not a valid e-mail address`);
      continue;
    }
    const n = normalizeAddress(a.trim());
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/**
 * Composes the mails of a run, pure: the sync, error and WatchDog reports to the report addresses
 * (+ `addmailreport`), the S/MIME transaction report to its own addresses, the semi-automatic CSV
 * to the admin addresses (+ `addmailadmin`); everyone in `bcc` (+ `addmailbcc`) gets a blind copy of
 * each. Subjects carry the `action-id` prefix. Uploaded import files are attached with their
 * secrets masked (see {@link maskUploadedFile}).
 */
export function composeMessages(input: ComposeInput): Composed {
  const warnings: string[] = [];
  const o = input.fileOptions ?? {};
  const route: Record<'report' | 'admin' | 'smime', string[]> = {
    report: addresses([...input.recipients.report, o.addmailreport], warnings, 'report'),
    admin: addresses([...input.recipients.admin, o.addmailadmin], warnings, 'admin'),
    smime: addresses([...input.recipients.smimeReport], warnings, 'S/MIME report'),
  };
  const bccAll = addresses([...input.recipients.bcc, o.addmailbcc], warnings, 'bcc');
  const subject = (title: string): string =>
    input.actionId !== undefined && input.actionId.trim() !== ''
      ? `${input.actionId.trim()} – ${title}`
      : title;

  const messages: MailMessage[] = [];
  const push = (
    kind: MailKind,
    to: string[],
    body: MailBody,
    attachments: MailAttachment[],
    extraText = '',
  ): void => {
    if (to.length === 0) {
      warnings.push(`${kind} not sent: no recipient configured`);
      return;
    }
    const message: MailMessage = {
      kind,
      from: input.from,
      to,
      bcc: bccAll.filter((b) => !to.includes(b)),
      subject: subject(body.title),
      text: body.text + extraText,
      attachments,
      ...(body.html !== undefined ? { html: withNote(body.html, extraText) } : {}),
    };
    messages.push(message);
  };

  for (const item of input.items) {
    switch (item.kind) {
      case 'sync-report':
      case 'error-report': {
        const up = uploadAttachments(item.uploads);
        const extra = item.kind === 'sync-report' && item.ruleFile ? [attach(item.ruleFile)] : [];
        push(item.kind, route.report, item.report, [...up.attachments, ...extra], up.note);
        break;
      }
      case 'smime-report':
        push('smime-report', route.smime, item.report, item.zip ? [attach(item.zip)] : []);
        break;
      case 'semi-auto-csv': {
        const body: MailBody = item.report ?? {
          title: `usesync semi-automatic S/MIME requests ${input.tenant}`,
          text:
            `${item.rows} S/MIME certificate${item.rows === 1 ? '' : 's'} for tenant ${input.tenant} ` +
            `must be created by the service desk.\n\nPlease check the attached ${item.csv.name} and forward it to the ` +
            'Retarus service desk, which imports it into the crypto appliance.\n',
        };
        // The CSV is the only trace of certificates still to be made: without admin addresses it
        // goes to the report addresses rather than nowhere.
        const to = route.admin.length > 0 ? route.admin : route.report;
        if (route.admin.length === 0 && to.length > 0)
          warnings.push('semi-auto-csv sent to the report addresses: no admin address');
        push('semi-auto-csv', to, body, [attach(item.csv)]);
        break;
      }
      case 'watchdog-report':
        push('watchdog-report', route.report, item.report, []);
        break;
    }
  }
  return { messages, warnings };
}
