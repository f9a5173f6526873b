import type { SyncOutcome } from '@usesync/domain';
import {
  applyPlan,
  mailOptionsOf,
  planSync,
  readLiveRules,
  renderSyncDelivery,
  runKeyOf,
} from '@usesync/executor';
import type { Command } from 'commander';
import { type CliIO, Exit } from '../io.js';
import { errorReportText, type SyncCommandOptions, syncCommand, syncContext } from './plan.js';
import { deliverMail, importKeyFolders, openRuntime, progressBar, runFileNames, saveCsv } from './runtime.js';

/** Exit code of a finished run: 1 refused, 4 when any action failed, is pending or did not run. */
export function outcomeExit(outcome: SyncOutcome): number {
  if (outcome.plan.refusal) return Exit.InputErrors;
  const bad = outcome.results.some(
    (r) => r.status === 'failed' || r.status === 'pending' || r.status === 'skipped',
  );
  const badImport = outcome.imports.some((r) => r.status === 'failed');
  return bad || badImport ? Exit.PartialFailure : Exit.Ok;
}

/** JSON shape of an outcome for `--json` (documented in the CLI README). */
export function outcomeJson(outcome: SyncOutcome, extra: Record<string, unknown> = {}): unknown {
  return {
    ok: outcomeExit(outcome) === Exit.Ok,
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
 * `usesync apply`: imports waiting key files, plans and executes the sync on the embedded
 * defaults, prints the sync report and mails the reports to the outbox. Exit 0 when every action
 * succeeded, 4 when some line ended `(!)` or is pending, 1 when a parse error (or the revocation
 * guard) stopped it, 2 for usage or I/O errors.
 */
export function registerApply(program: Command, io: CliIO, setExit: (code: number) => void): void {
  syncCommand(
    program,
    'apply',
    'plan and execute a sync of the files (orders certificates, creates keys)',
    'apply',
  ).action(async (files: string[], opts: SyncCommandOptions) => {
    const { now, dataDir, tenant, config, inputs } = await syncContext(io, files, opts);
    if (!inputs.ok) {
      const text = errorReportText(tenant, inputs, now);
      if (opts.json) io.out(`${JSON.stringify({ ok: false, tenant, errorReport: text }, null, 2)}\n`);
      else io.out(text);
      setExit(Exit.InputErrors);
      return;
    }
    const rt = await openRuntime(io, dataDir, config);
    let outcome: SyncOutcome;
    const notes: string[] = [];
    let liveRules: string[] = [];
    try {
      const imports = await importKeyFolders(io, rt.store, dataDir, config, now);
      const plan = await planSync(rt.store, config, inputs, {
        now,
        ...(opts.allowMassRevocation ? { allowMassRevocation: true } : {}),
      });
      const onProgress = progressBar(io);
      outcome = await applyPlan(rt.deps, config, plan, inputs, {
        now,
        runKey: runKeyOf(inputs),
        imports,
        ...(onProgress ? { onProgress } : {}),
      });
      liveRules = await readLiveRules(rt.store, tenant);
    } finally {
      await rt.close();
    }
    const delivery = renderSyncDelivery(config, inputs, outcome, liveRules, {
      now,
      names: runFileNames(tenant, now, 'sync'),
    });
    notes.push(...saveCsv(dataDir, delivery.csv));
    notes.push(...(await deliverMail(dataDir, config, delivery.items, mailOptionsOf(inputs))));
    if (opts.json) io.out(`${JSON.stringify(outcomeJson(outcome, { runKey: runKeyOf(inputs) }), null, 2)}\n`);
    else io.out(delivery.report.text);
    for (const n of notes) io.err(`${n}\n`);
    setExit(outcomeExit(outcome));
  });
}
