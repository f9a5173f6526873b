import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { initDataDir, listTenants, loadTenantConfig, resolveDataDir } from '@usesync/executor';
import type { Command } from 'commander';
import { type CliIO, Exit } from '../io.js';

/** The share root `usesync init` gives a tenant: its own folder below `share/`, never a shared one. */
export function defaultShareRoot(tenant: string): string {
  return `share/${tenant}`;
}

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
      if (r.configCreated) giveOwnShareRoot(r.configPath, opts.tenant);
      io.out(`data directory: ${r.dataDir}\n`);
      io.out(
        r.configCreated
          ? `tenant ${opts.tenant}: wrote ${r.configPath} (edit it: report addresses, SwissSign products, WatchDog)\n`
          : `tenant ${opts.tenant}: kept the existing ${r.configPath}\n`,
      );
      for (const line of overlapWarnings(r.dataDir, opts.tenant)) io.err(`warning: ${line}\n`);
      io.out(
        'secrets at rest are encrypted with the key in <data>/kek (or $USESYNC_KEK): back it up, never commit it\n',
      );
      setExit(Exit.Ok);
    });
}

// The rendered default says `root: share` (one folder for every tenant): two tenants would list,
// refuse and delete each other's uploads. Each tenant gets `share/<TENANT>` instead.
function giveOwnShareRoot(configPath: string, tenant: string): void {
  const yaml = readFileSync(configPath, 'utf8');
  const own = yaml.replace(
    /^(share:\n(?:[ \t]*#.*\n|[ \t]+kind:.*\n)*[ \t]+root:)[ \t]*share[ \t]*$/m,
    `$1 ${defaultShareRoot(tenant)}`,
  );
  if (own !== yaml) writeFileSync(configPath, own, { mode: 0o600 });
}

/**
 * Lines naming the tenants whose local share root is the new tenant's, or one inside the other
 * (configurations written by an older `init` all said `root: share`). Unreadable configurations
 * are left to `usesync config check` and the worker.
 */
function overlapWarnings(dataDir: string, tenant: string): string[] {
  const rootOf = (id: string): string | undefined => {
    try {
      const share = loadTenantConfig(dataDir, id).share;
      if (share.kind !== 'local') return undefined;
      return isAbsolute(share.root) ? resolve(share.root) : resolve(dataDir, share.root);
    } catch {
      return undefined;
    }
  };
  const mine = rootOf(tenant);
  if (mine === undefined) return [];
  const inside = (a: string, b: string) => {
    const rel = relative(b, a);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  return listTenants(dataDir)
    .filter((other) => other !== tenant)
    .flatMap((other) => {
      const theirs = rootOf(other);
      if (theirs === undefined || !(inside(mine, theirs) || inside(theirs, mine))) return [];
      return [
        `tenants ${tenant} and ${other} share the folder ${mine === theirs ? mine : `${theirs} / ${mine}`} (overlapping share roots): give ${other} its own share.root, e.g. ${join(dataDir, defaultShareRoot(other))}; until then each refuses and deletes the other's uploads`,
      ];
    });
}
