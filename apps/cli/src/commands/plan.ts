import { countDiagnostics, hasChanges, type Plan } from '@usesync/domain';
import { CA_ENV, type CaHandle, openStore, runSync } from '@usesync/executor';
import { renderSyncReport } from '@usesync/report';
import { printRuleSet } from '@usesync/rule-notation';
import type { Command } from 'commander';
import { type CliIO, Exit } from '../io.js';
import { keyFolderFiles, openEmbeddedCa, runFileNames } from './runtime.js';
import { type SyncCommandOptions, syncCommand, syncContext } from './sync-options.js';

export { parseNow, type SyncCommandOptions, syncCommand, syncContext } from './sync-options.js';

/** JSON shape of a plan for `--json` (documented in the CLI README). */
export function planJson(p: Plan): unknown {
  return {
    ok: p.refusal === undefined,
    tenant: p.tenant,
    now: p.now,
    lines: p.lines.map((l) => ({
      file: l.file,
      line: l.line,
      prefix: l.prefix,
      kind: l.kind,
      ...(l.address === undefined ? {} : { address: l.address }),
      text: l.text,
      reason: l.reason,
    })),
    actions: p.actions,
    summary: p.summary,
    ...(p.refusal ? { refusal: p.refusal } : {}),
  };
}

/**
 * `usesync plan`: the dry run. Prints the sync report as it would be; changes nothing. Exit 0 when
 * the plan is empty, 3 when it has changes, 1 when a parse error (or the revocation guard) stops
 * it, 2 for usage or I/O errors.
 */
export function registerPlan(program: Command, io: CliIO, setExit: (code: number) => void): void {
  syncCommand(program, 'plan', 'dry run: show what a sync of the files would do (nothing is changed)', 'plan')
    .option('--offline', "skip the CA's pre-flight of products and subjects (a CA in USESYNC_SWISSSIGN_URL)")
    .action(async (files: string[], opts: SyncCommandOptions) => {
      const { now, dataDir, tenant, config, uploads, defaultImportPassphrase } = await syncContext(
        io,
        files,
        opts,
      );
      const store = openStore(dataDir, io.env, true);
      let run: Awaited<ReturnType<typeof runSync>>;
      let ca: CaHandle | undefined;
      try {
        // The CA's pre-flight (products, subjects) when a CA is configured, unless --offline: it
        // orders nothing. The embedded simulator offers the configured products as they are, so
        // it is not started (the data directory stays untouched).
        const remote = io.env[CA_ENV.url] !== undefined;
        ca = opts.offline || !remote ? undefined : await openEmbeddedCa(io, dataDir, config);
        run = await runSync(
          {
            config,
            deps: { store, ...(ca ? { ca: ca.caFor(config) } : {}) },
            keyFiles: () => keyFolderFiles(dataDir, config),
            ...(defaultImportPassphrase ? { defaultImportPassphrase } : {}),
          },
          uploads,
          {
            now,
            dryRun: true,
            names: () => runFileNames(tenant, now, 'sync'),
            ...(opts.allowMassRevocation ? { allowMassRevocation: true } : {}),
          },
        );
      } finally {
        await store.close();
        await ca?.close();
      }
      const { inputs } = run;
      const p = run.plan;
      if (!p) {
        if (opts.json) {
          const fs = [inputs.useImport, inputs.ruleImport].flatMap((f) => (f ? [f] : []));
          io.out(
            `${JSON.stringify({ ok: false, files: fs.map((f) => ({ path: f.name, diagnostics: f.diagnostics, errors: countDiagnostics(f.diagnostics).errors })) }, null, 2)}\n`,
          );
        } else io.out(run.delivery?.report.text ?? '');
        setExit(Exit.InputErrors);
        return;
      }
      if (opts.json) io.out(`${JSON.stringify(planJson(p), null, 2)}\n`);
      else {
        const actionId = inputs.useImport?.value.options['action-id']?.value;
        const report = renderSyncReport({
          source: p,
          files: {
            ...(inputs.useImport ? { useimport: inputs.useImport.name } : {}),
            ...(inputs.ruleImport ? { ruleimport: inputs.ruleImport.name } : {}),
          },
          now: now.toISOString(),
          ...(actionId === undefined ? {} : { actionId }),
          ...(inputs.ruleImport
            ? { liveRules: printRuleSet(inputs.ruleImport.value).split('\n').filter(Boolean) }
            : {}),
        });
        io.out(report.text);
      }
      setExit(p.refusal ? Exit.InputErrors : hasChanges(p) ? Exit.Changes : Exit.Ok);
    });
}
