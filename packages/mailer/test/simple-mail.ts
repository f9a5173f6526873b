import { composeMessages, type MailMessage } from '../src/index.js';

/** One small composed mail (a WatchDog report) for delivery tests that do not look at content. */
export function simpleMail(text = 'nothing to renew'): MailMessage[] {
  return composeMessages({
    tenant: '12345TE',
    from: 'usesync@retarus.example',
    recipients: { report: ['reports@company.com'], admin: [], smimeReport: [], bcc: [] },
    items: [{ kind: 'watchdog-report', report: { title: 'usesync WatchDog 12345TE', text } }],
  }).messages;
}
