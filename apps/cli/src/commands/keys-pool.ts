import type { TenantConfig } from '@usesync/config';
import { loadTenantConfig, openStore, resolveDataDir, resolveTenant } from '@usesync/executor';
import { type KeyPoolStore, keyPoolOf, POOLED_KEY_KINDS, type PooledKeyKind } from '@usesync/store';
import type { Command } from 'commander';
import { type CliIO, Exit, UsageError } from '../io.js';

/** What these commands use of a `KeyPool` (`@usesync/key-pool`). */
export interface PoolForCli {
  fill(options: {
    readonly count: number;
    readonly kinds: readonly PooledKeyKind[];
    readonly budget: { readonly threads: number };
    readonly onKey?: (kind: PooledKeyKind, done: number, total: number) => void;
  }): Promise<{
    readonly added: Record<PooledKeyKind, number>;
    readonly ms: number;
    readonly lowPriority: boolean;
  }>;
}

/** The parts of `@usesync/key-pool` the commands need (pass the module: `import * as kp from '@usesync/key-pool'`). */
export interface KeyPoolModule {
  readonly KeyPool: new (options: { readonly store: KeyPoolStore }) => PoolForCli;
  readonly kindsForConfig: (config: TenantConfig) => PooledKeyKind[];
}

interface Common {
  data?: string;
  tenant?: string;
}

function parseKinds(
  text: string | undefined,
  config: () => TenantConfig,
  module: KeyPoolModule,
): PooledKeyKind[] {
  if (text === undefined) return module.kindsForConfig(config());
  const kinds = text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  const bad = kinds.filter((k) => !(POOLED_KEY_KINDS as readonly string[]).includes(k));
  if (bad.length > 0 || kinds.length === 0) {
    throw new UsageError(
      `Cannot fill the key pool: unknown kind ${bad.join(', ') || '(none)'}; expected ${POOLED_KEY_KINDS.join(', ')}`,
    );
  }
  return kinds as PooledKeyKind[];
}

function positive(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`Cannot fill the key pool: ${what} must be a positive whole number`);
  return n;
}

const sizesLine = (sizes: Record<PooledKeyKind, number>): string =>
  POOLED_KEY_KINDS.map((k) => `${k} ${sizes[k]}`).join(', ');

/**
 * `usesync keys pool fill --count N [--kinds k1,k2] [--threads T]` and `usesync keys pool status
 * [--json]`: the pool of pre-generated keys that S/MIME and PGP key creation take from. `fill`
 * adds N keys of each kind (default: the tenant's S/MIME algorithm and default PGP key length;
 * a PGP key takes two) on T low-priority threads (default 1). Exit 0, 2 for usage errors.
 */
export function registerKeysPool(
  keys: Command,
  io: CliIO,
  setExit: (code: number) => void,
  module: KeyPoolModule,
): void {
  const pool = keys.command('pool').description('the pool of pre-generated keys used by key creation');
  pool
    .command('fill')
    .description('generate keys into the pool (N of each kind, at low priority)')
    .requiredOption('--count <n>', 'keys to add of each kind')
    .option('--kinds <list>', `comma-separated kinds (${POOLED_KEY_KINDS.join(', ')}); default: the tenant's`)
    .option('--threads <n>', 'generator threads (default 1)', '1')
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .option('--tenant <id>', 'tenant whose key settings give the default kinds (default: the only tenant)')
    .action(async (opts: Common & { count: string; kinds?: string; threads: string }) => {
      const count = positive(opts.count, '--count');
      const threads = positive(opts.threads, '--threads');
      const dataDir = resolveDataDir(opts.data, io.env, io.cwd);
      const kinds = parseKinds(
        opts.kinds,
        () => loadTenantConfig(dataDir, resolveTenant(dataDir, opts.tenant, [])),
        module,
      );
      const store = openStore(dataDir, io.env);
      try {
        const keyPool = keyPoolOf(store);
        const filler = new module.KeyPool({ store: keyPool });
        const every = Math.max(1, Math.floor((count * kinds.length) / 10));
        const result = await filler.fill({
          count,
          kinds,
          budget: { threads },
          onKey: (_kind, done, total) => {
            if (io.isTTY && (done % every === 0 || done === total)) io.err(`  ${done}/${total} keys\n`);
          },
        });
        const added = kinds.map((k) => `${k} ${result.added[k]}`).join(', ');
        io.out(`added to the key pool in ${(result.ms / 1000).toFixed(1)} s: ${added}\n`);
        io.out(`key pool now: ${sizesLine(await keyPool.sizes())}\n`);
      } finally {
        await store.close();
      }
      setExit(Exit.Ok);
    });
  pool
    .command('status')
    .description('keys waiting in the pool, per kind')
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: Common & { json?: boolean }) => {
      const dataDir = resolveDataDir(opts.data, io.env, io.cwd);
      const store = openStore(dataDir, io.env, true);
      try {
        const sizes = await keyPoolOf(store).sizes();
        if (opts.json) io.out(`${JSON.stringify({ sizes }, null, 2)}\n`);
        else {
          io.out('key pool (keys waiting):\n');
          for (const k of POOLED_KEY_KINDS) io.out(`  ${k.padEnd(9)} ${sizes[k]}\n`);
        }
      } finally {
        await store.close();
      }
      setExit(Exit.Ok);
    });
}
