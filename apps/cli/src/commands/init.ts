import { initDataDir, resolveDataDir } from '@usesync/executor';
import type { Command } from 'commander';
import { type CliIO, Exit } from '../io.js';

/** `usesync init --data <dir> --tenant <id>`: a data directory with a default tenant config. */
export function registerInit(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('create a data directory: key-encryption key, empty store, commented tenant config')
    .requiredOption('--tenant <id>', 'tenant id (the file-name prefix of its uploads, e.g. 12345TE)')
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .action(async (opts: { tenant: string; data?: string }) => {
      const dataDir = resolveDataDir(opts.data, io.env, io.cwd);
      const r = await initDataDir(dataDir, opts.tenant, io.env);
      io.out(`data directory: ${r.dataDir}\n`);
      io.out(
        r.configCreated
          ? `tenant ${opts.tenant}: wrote ${r.configPath} (edit it: report addresses, SwissSign products, WatchDog)\n`
          : `tenant ${opts.tenant}: kept the existing ${r.configPath}\n`,
      );
      io.out(
        'secrets at rest are encrypted with the key in <data>/kek (or $USESYNC_KEK): back it up, never commit it\n',
      );
      setExit(Exit.Ok);
    });
}
