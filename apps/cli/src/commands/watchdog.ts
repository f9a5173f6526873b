import type { SyncOutcome } from '@usesync/domain';
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
import { parseNow } from './plan.js';
import { deliverMail, openRuntime, progressBar, runFileNames, saveCsv } from './runtime.js';

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
        const outcome = 'results' in run.source ? (run.source as SyncOutcome) : undefined;
        const delivery = renderWatchdogDelivery(config, run, {
          now,
          names: runFileNames(tenant, now, 'watchdog'),
        });
        const report = delivery.report;
        const notes: string[] = [];
        if (!run.enabled) notes.push('the WatchDog is disabled for this tenant (watchdog.enabled: false)');
        notes.push(...saveCsv(dataDir, delivery.csv));
        if (outcome) notes.push(...(await deliverMail(dataDir, config, delivery.items)));
        if (opts.json) {
          const body = outcome
            ? outcomeJson(outcome, { dryRun: false, watched: run.watched, settings: run.settings })
            : {
                ok: true,
                tenant,
                dryRun: true,
                watched: run.watched,
                settings: run.settings,
                plan: run.source,
              };
          io.out(`${JSON.stringify(body, null, 2)}\n`);
        } else io.out(report.text);
        for (const n of notes) io.err(`${n}\n`);
        setExit(outcome ? outcomeExit(outcome) : Exit.Ok);
      },
    );
}
