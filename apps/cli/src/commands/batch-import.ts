import { basename } from 'node:path';
import { decodeUtf8 } from '@usesync/domain';
import {
  batchImport,
  loadTenantConfig,
  resolveDataDir,
  resolveTenant,
  smimeDelivery,
} from '@usesync/executor';
import { parseSemiAutoCsv, renderSyncReport } from '@usesync/report';
import type { Command } from 'commander';
import { type CliIO, Exit, UsageError } from '../io.js';
import { outcomeExit, outcomeJson } from './apply.js';
import { deliverMail, openRuntime, progressBar, runFileNames } from './runtime.js';
import { parseNow } from './sync-options.js';

/**
 * `usesync batch-import <csv>`: the service desk's side of semi-automatic mode — orders the
 * certificates a semi-automatic CSV lists (rows whose address already has a lasting certificate
 * are `(%)`, so a CSV processed twice orders nothing twice). Exit 0, 4 when an order failed or is
 * pending, 1 when the CSV has errors, 2 for usage or I/O errors.
 */
export function registerBatchImport(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('batch-import')
    .description('order the certificates a semi-automatic CSV lists (service desk)')
    .argument('<csv>', 'the semi-automatic CSV')
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .option('--tenant <id>', 'tenant (default: the file-name prefix, or the only tenant)')
    .option('--now <iso>', 'as of this time')
    .option('--json', 'one JSON document on stdout')
    .action(
      async (csvPath: string, opts: { data?: string; tenant?: string; now?: string; json?: boolean }) => {
        const now = parseNow(opts.now);
        const dataDir = resolveDataDir(opts.data, io.env, io.cwd);
        const tenant = resolveTenant(dataDir, opts.tenant, [csvPath]);
        const config = loadTenantConfig(dataDir, tenant);
        let bytes: Uint8Array;
        try {
          bytes = await io.readFile(csvPath);
        } catch (e) {
          throw new UsageError(`Cannot read ${csvPath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        }
        const parsed = parseSemiAutoCsv(decodeUtf8(bytes).text);
        const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          for (const d of errors)
            io.out(`${basename(csvPath)}:${d.line}:${d.column}: ${d.code} ${d.message}\n`);
          io.out('The CSV was not processed: nothing was ordered.\n');
          setExit(Exit.InputErrors);
          return;
        }
        const rt = await openRuntime(io, dataDir, config);
        let outcome: Awaited<ReturnType<typeof batchImport>>;
        try {
          const onProgress = progressBar(io);
          outcome = await batchImport(rt.deps, config, parsed.value, {
            now,
            ...(onProgress ? { onProgress } : {}),
          });
        } finally {
          await rt.close();
        }
        const report = renderSyncReport({
          source: outcome,
          files: { useimport: basename(csvPath) },
          now: now.toISOString(),
        });
        const { items } = smimeDelivery(tenant, outcome, 'batch-import', {
          now,
          names: runFileNames(tenant, now, 'sync'),
        });
        const notes = items.length > 0 ? await deliverMail(dataDir, config, items) : [];
        if (opts.json) io.out(`${JSON.stringify(outcomeJson(outcome), null, 2)}\n`);
        else io.out(report.text);
        for (const n of notes) io.err(`${n}\n`);
        setExit(outcomeExit(outcome));
      },
    );
}
