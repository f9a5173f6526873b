// Run by close.test.ts in a child process: sends one mail through a pooled SmtpTransport, closes
// the spool and then simply returns. The process must exit on its own: nothing may keep it alive.
// Loads the TypeScript sources (--experimental-transform-types; scripts/source-hooks.mjs resolves),
// so the test needs no build.
// The repository's one hook for running TypeScript sources in a child process.
import '../../../../scripts/source-hooks.mjs';

const [port, dir, mode] = process.argv.slice(2);
const { MailSpool, SmtpTransport, SpoolRetrier, composeMessages } = await import('../../src/index.ts');
const transport = new SmtpTransport({
  host: '127.0.0.1',
  port: Number(port),
  requireTLS: false,
  ignoreTLS: true,
  // Long enough that an idle pooled connection left open would hold the process for a minute.
  timeoutMs: 60_000,
  retry: { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
});
const spool = new MailSpool({ dir, transport });
const retrier = new SpoolRetrier({ spool, idleIntervalMs: 60_000, initialDelayMs: 60_000 });
retrier.start();
const { messages } = composeMessages({
  tenant: '12345TE',
  from: 'usesync@retarus.example',
  recipients: { report: ['reports@company.com'], admin: [], smimeReport: [], bcc: [] },
  items: [{ kind: 'watchdog-report', report: { title: 'usesync WatchDog 12345TE', text: 'close test' } }],
});
if (mode === 'backoff') {
  // A delivery waiting in the transport's backoff (the server answers 421) when close() comes.
  const pending = spool.sendAll(messages);
  setTimeout(() => {
    void retrier.stop().then(() => spool.close());
  }, 200);
  const [r] = await pending;
  process.stdout.write(`${r.state}\n`);
} else {
  const [r] = await spool.sendAll(messages);
  process.stdout.write(`${r.state}\n`);
  await retrier.stop();
  await spool.close();
}
