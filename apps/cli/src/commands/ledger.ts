import type { Command } from 'commander';
import { type CliIO, Exit } from '../io.js';
import { readStore } from './keys.js';

/**
 * `usesync ledger [--json]`: the billable transactions (one entry per certificate ordered at the
 * CA). JSON: an array of ledger entries. Exit 0.
 */
export function registerLedger(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('ledger')
    .description('billable transactions: one entry per certificate ordered at the CA')
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .option('--tenant <id>', 'tenant (default: the only tenant)')
    .option('--json', 'a JSON array on stdout')
    .action(async (opts: { data?: string; tenant?: string; json?: boolean }) => {
      const { tenant, store } = readStore(io, opts);
      try {
        const entries = await store.listLedger(tenant);
        if (opts.json) io.out(`${JSON.stringify(entries, null, 2)}\n`);
        else {
          io.out(`billable transactions of ${tenant}: ${entries.length}\n`);
          for (const e of entries) {
            io.out(
              `  ${e.at}  ${e.kind.padEnd(6)} ${e.address}  ${e.product}  ${e.orderRef}${e.serial ? `  serial ${e.serial}` : ''}\n`,
            );
          }
        }
      } finally {
        await store.close();
      }
      setExit(Exit.Ok);
    });
}
