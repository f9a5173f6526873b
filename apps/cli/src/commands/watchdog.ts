import { type Plan, type SyncOutcome, syncStatus } from '@usesync/domain';
import {
  loadTenantConfig,
  openStore,
  renderWatchdogDelivery,
  resolveDataDir,
  resolveTenant,
  runWatchdog,
  type WatchdogRun,
} from '@usesync/executor';
import type { Command } from 'commander';
import { type CliIO, Exit } from '../io.js';
import { outcomeExit, outcomeJson } from './apply.js';
import { deliverMail, openRuntime, progressBar, runFileNames, saveCsv } from './runtime.js';
import { parseNow } from './sync-options.js';

/**
 * `usesync watchdog [--dry-run] [--now <iso>] [--json]`: one WatchDog cycle (renewals within the
 * buffer; first issuances in unchained mode; the CSV in semi-automatic mode). Exit 0 when all
 * went well (and always for `--dry-run`), 4 when a renewal failed or is pending, 2 for usage
 * errors.
 */
export function registerWatchdog(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('watchdog')
    .description('renew certificates of listed addresses that expire within the buffer')
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .option('--tenant <id>', 'tenant (default: the only tenant)')
    .option('--now <iso>', 'run the cycle as of this time')
    .option('--dry-run', 'show what the cycle would do; order nothing')
    .option('--json', 'one JSON document on stdout')
    .action(
      async (opts: { data?: string; tenant?: string; now?: string; dryRun?: boolean; json?: boolean }) => {
        const now = parseNow(opts.now);
        const dataDir = resolveDataDir(opts.data, io.env, io.cwd);
        const tenant = resolveTenant(dataDir, opts.tenant, []);
        const config = loadTenantConfig(dataDir, tenant);
        let run: WatchdogRun;
        if (opts.dryRun) {
          const store = openStore(dataDir, io.env, true);
          try {
            run = await runWatchdog({ store }, config, { now, dryRun: true });
          } finally {
            await store.close();
          }
        } else {
          const rt = await openRuntime(io, dataDir, config);
          try {
            const onProgress = progressBar(io);
            run = await runWatchdog(rt.deps, config, { now, ...(onProgress ? { onProgress } : {}) });
          } finally {
            await rt.close();
          }
        }
        const ran = 'results' in run.source ? (run.source as SyncOutcome) : undefined;
        // The report says what was checked, ordered and refused (the cap), and "Dry run" only
        // for --dry-run; a real cycle mails it when it ordered or refused something, as the worker.
        const delivery = renderWatchdogDelivery(config, run, {
          now,
          names: runFileNames(tenant, now, 'watchdog'),
        });
        const notes: string[] = [];
        if (!run.enabled) notes.push('the WatchDog is disabled for this tenant (watchdog.enabled: false)');
        notes.push(...saveCsv(dataDir, delivery.csv));
        if (delivery.items.length > 0) notes.push(...(await deliverMail(dataDir, config, delivery.items)));
        const plan = ran?.plan ?? (run.source as Plan);
        const refused = refusedLines(plan);
        const status = ran ? syncStatus(ran) : refused.length > 0 ? 'partial' : 'ok';
        if (opts.json) {
          const body = ran
            ? outcomeJson(ran, { dryRun: false, watched: run.watched, settings: run.settings })
            : {
                ok: status === 'ok',
                status,
                tenant,
                dryRun: opts.dryRun === true,
                watched: run.watched,
                settings: run.settings,
                plan: run.source,
              };
          io.out(`${JSON.stringify(body, null, 2)}\n`);
        } else io.out(delivery.report.text);
        for (const n of notes) io.err(`${n}\n`);
        setExit(ran ? outcomeExit(ran) : !opts.dryRun && refused.length > 0 ? Exit.PartialFailure : Exit.Ok);
      },
    );
}

/** Listed addresses the cycle refused (`(!)` without an action), e.g. over the certificate cap. */
function refusedLines(plan: Plan): Plan['lines'] {
  return plan.lines.filter((l) => l.prefix === '(!)' && l.actionIds.length === 0);
}
