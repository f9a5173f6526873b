import { isValidMailbox, normalizeAddress } from '@usesync/domain';
import { loadTenantConfig, openStore, resolveDataDir, resolveTenant } from '@usesync/executor';
import type { Command } from 'commander';
import { type CliIO, Exit, UsageError } from '../io.js';
import { readStore } from './keys.js';

interface Common {
  data?: string;
  tenant?: string;
}

function writableStore(io: CliIO, opts: Common) {
  const dataDir = resolveDataDir(opts.data, io.env, io.cwd);
  const tenant = resolveTenant(dataDir, opts.tenant, []);
  loadTenantConfig(dataDir, tenant);
  return { tenant, store: openStore(dataDir, io.env) };
}

/**
 * `usesync swisssign-users list|add|remove`: the list the WatchDog reads, administered without any
 * import file (the manual's "WatchDog stand-alone"). Exit 0; 1 when `remove` finds no entry; 2 for
 * usage errors.
 */
export function registerSwissSignUsers(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program.command('swisssign-users').description('the swisssign-users list the WatchDog reads');
  const common = (c: Command) =>
    c
      .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
      .option('--tenant <id>', 'tenant (default: the only tenant)');
  common(
    cmd.command('list').description('every listed address').option('--json', 'a JSON array on stdout'),
  ).action(async (opts: Common & { json?: boolean }) => {
    const { tenant, store } = readStore(io, opts);
    try {
      const users = await store.listSwissSignUsers(tenant);
      if (opts.json) io.out(`${JSON.stringify(users, null, 2)}\n`);
      else {
        io.out(`swisssign-users of ${tenant}: ${users.length}\n`);
        for (const u of users)
          io.out(`  ${u.address}  ${u.team ? 'team' : 'personal'}  ${u.name}  (since ${u.addedAt})\n`);
      }
    } finally {
      await store.close();
    }
    setExit(Exit.Ok);
  });
  common(
    cmd
      .command('add')
      .description('put an address on the list')
      .argument('<address>', 'the mailbox')
      .option('--name <name>', 'display name (team certificates: the team name)')
      .option('--given-name <name>', 'first name (personal certificates)')
      .option('--surname <name>', 'last name (personal certificates)')
      .option('--team', 'a team certificate (CN = the address)'),
  ).action(
    async (
      address: string,
      opts: Common & { name?: string; givenName?: string; surname?: string; team?: boolean },
    ) => {
      if (!isValidMailbox(address))
        throw new UsageError(`Cannot add ${JSON.stringify(address)}: not an e-mail address`);
      if (!opts.team && (!opts.givenName || !opts.surname)) {
        throw new UsageError(
          'Cannot add a personal entry without --given-name and --surname (or use --team)',
        );
      }
      const { tenant, store } = writableStore(io, opts);
      try {
        const name = opts.name ?? (opts.team ? address : `${opts.givenName} ${opts.surname}`);
        await store.putSwissSignUsers(tenant, [
          {
            address: normalizeAddress(address),
            name,
            ...(opts.givenName ? { givenName: opts.givenName } : {}),
            ...(opts.surname ? { surname: opts.surname } : {}),
            team: opts.team === true,
            addedAt: new Date().toISOString(),
          },
        ]);
      } finally {
        await store.close();
      }
      io.out(`added ${normalizeAddress(address)} to the swisssign-users list of ${tenant}\n`);
      setExit(Exit.Ok);
    },
  );
  common(
    cmd.command('remove').description('take an address off the list').argument('<address>', 'the mailbox'),
  ).action(async (address: string, opts: Common) => {
    const { tenant, store } = writableStore(io, opts);
    let removed: boolean;
    try {
      removed = await store.removeSwissSignUser(tenant, address);
    } finally {
      await store.close();
    }
    io.out(removed ? `removed ${address}\n` : `${address} was not on the list\n`);
    setExit(removed ? Exit.Ok : Exit.InputErrors);
  });
}
