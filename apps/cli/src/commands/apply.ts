import { resolve } from 'node:path';
import { type SyncOutcome, syncStatus } from '@usesync/domain';
import {
  exitCodeOf,
  type LoadedSettings,
  loadProviderSettings,
  mailOptionsOf,
  runSync,
  smtpTransportOf,
} from '@usesync/executor';
import type { Command } from 'commander';
import { type CliIO, Exit, UsageError } from '../io.js';
import { deliverMail, keyFolderFiles, openRuntime, progressBar, runFileNames, saveCsv } from './runtime.js';
import { type SyncCommandOptions, syncCommand, syncContext } from './sync-options.js';

/** Exit code of a finished run (`exitCodeOf(syncStatus(outcome))`): 0 ok, 4 some line `(!)` or failed, 1 refused. */
export function outcomeExit(outcome: SyncOutcome): number {
  return exitCodeOf(syncStatus(outcome));
}

/** JSON shape of an outcome for `--json` (documented in the CLI README). */
export function outcomeJson(outcome: SyncOutcome, extra: Record<string, unknown> = {}): unknown {
  const status = syncStatus(outcome);
  return {
    ok: status === 'ok',
    status,
    tenant: outcome.plan.tenant,
    ...extra,
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
    ...(outcome.plan.refusal ? { refusal: outcome.plan.refusal } : {}),
    lines: outcome.plan.lines,
    results: outcome.results,
    imports: outcome.imports,
    certificates: outcome.certificates.map(({ certificatePem: _pem, ...e }) => e),
    summary: outcome.plan.summary,
  };
}

/**
 * `usesync apply`: the same sync as the worker (`runSync` of `@usesync/executor`) on the embedded
 * defaults: plans the files with the waiting key files, executes, prints the sync report and mails
 * the reports to the outbox. Exit 0 when every line is done, 4 when some line ended `(!)`, failed
 * or is pending, 1 when a parse error (or the revocation guard) stopped it, 2 for usage or I/O errors.
 */
export function registerApply(program: Command, io: CliIO, setExit: (code: number) => void): void {
  syncCommand(
    program,
    'apply',
    'plan and execute a sync of the files (orders certificates, creates keys)',
    'apply',
  )
    .option(
      '--config <file>',
      'the provider settings the worker reads (worker.yaml): mail by its SMTP settings, its data directory',
    )
    .action(async (files: string[], opts: SyncCommandOptions & { config?: string }) => {
      const settings = opts.config ? settingsOf(io, opts.config) : undefined;
      const { now, dataDir, tenant, config, uploads, defaultImportPassphrase } = await syncContext(
        io,
        files,
        {
          ...opts,
          ...(opts.data === undefined && settings ? { data: settings.dataDir } : {}),
        },
      );
      const smtp = settings?.smtp
        ? { transport: smtpTransportOf(settings.smtp, io.env, settings.configDir), from: settings.mail.from }
        : undefined;
      const rt = await openRuntime(io, dataDir, config);
      const notes: string[] = [];
      let run: Awaited<ReturnType<typeof runSync>>;
      try {
        const onProgress = progressBar(io);
        run = await runSync(
          {
            config,
            deps: rt.deps,
            keyFiles: () => keyFolderFiles(dataDir, config),
            ...(defaultImportPassphrase ? { defaultImportPassphrase } : {}),
            deliver: async (delivery, inputs) => {
              notes.push(...saveCsv(dataDir, delivery.csv));
              notes.push(
                ...(await deliverMail(dataDir, config, delivery.items, mailOptionsOf(inputs), smtp)),
              );
            },
          },
          uploads,
          {
            now,
            names: () => runFileNames(tenant, now, 'sync'),
            ...(opts.allowMassRevocation ? { allowMassRevocation: true } : {}),
            ...(onProgress ? { onProgress } : {}),
          },
        );
      } finally {
        await rt.close();
      }
      const report = run.delivery?.report.text ?? '';
      if (opts.json) {
        const doc = run.outcome
          ? outcomeJson(run.outcome, { runKey: run.runKey })
          : { ok: false, status: run.status, tenant, errorReport: report };
        io.out(`${JSON.stringify(doc, null, 2)}\n`);
      } else io.out(report);
      for (const n of notes) io.err(`${n}\n`);
      setExit(run.exitCode === 0 ? Exit.Ok : run.exitCode);
    });
}

/** The provider settings file of `--config`; a missing or invalid file is a usage error (exit 2). */
function settingsOf(io: CliIO, file: string): LoadedSettings {
  try {
    return loadProviderSettings(resolve(io.cwd, file));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
