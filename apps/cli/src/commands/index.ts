import type { Command } from 'commander';
import type { CliIO } from '../io.js';

/** Registers a command on the program; `setExit` records the command's exit code. */
export type Register = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

/**
 * One command of `usesync`: what the top-level help lists, and how to load the module that
 * declares it. The module (and the packages it imports) is loaded only when the command runs or
 * its own help is asked for, so `usesync --help` and `usesync validate` do not pay for the store,
 * the CA client or the crypto of the other commands. `test/commands.test.ts` checks that `term`
 * and `description` match what each module registers.
 */
export interface CommandEntry {
  /** The command's name (first word after `usesync`). */
  readonly name: string;
  /** How the top-level help shows it, e.g. `validate [options] <files...>`. */
  readonly term: string;
  /** The one-line description of the top-level help. */
  readonly description: string;
  /** Loads the module and returns its register function. */
  readonly load: () => Promise<Register>;
}

/** Every command of `usesync`, in help order. */
export const commands: readonly CommandEntry[] = [
  {
    name: 'validate',
    term: 'validate [options] <files...>',
    description: 'check .useimport / .ruleimport files and report every error (nothing is applied)',
    load: async () => (await import('./validate.js')).registerValidate,
  },
  {
    name: 'rules',
    term: 'rules',
    description: 'explain and print .ruleimport rule sets',
    load: async () => (await import('./rules.js')).registerRules,
  },
  {
    name: 'config',
    term: 'config',
    description: 'check the worker configuration and the tenant configurations',
    load: async () => (await import('./config-check.js')).registerConfig,
  },
  {
    name: 'init',
    term: 'init [options]',
    description: 'create a data directory: key-encryption key, empty store, commented tenant config',
    load: async () => (await import('./init.js')).registerInit,
  },
  {
    name: 'plan',
    term: 'plan [options] <files...>',
    description: 'dry run: show what a sync of the files would do (nothing is changed)',
    load: async () => (await import('./plan.js')).registerPlan,
  },
  {
    name: 'swisssign-simulator',
    term: 'swisssign-simulator [options]',
    description: 'run a local simulator of the SwissSign RA REST API (127.0.0.1 only) for demos and tests',
    load: async () => (await import('./swisssign-simulator.js')).registerSwissSignSimulator,
  },
  {
    name: 'apply',
    term: 'apply [options] <files...>',
    description: 'plan and execute a sync of the files (orders certificates, creates keys)',
    load: async () => (await import('./apply.js')).registerApply,
  },
  {
    name: 'keys',
    term: 'keys',
    description: 'list and export the keys and certificates the gateway holds',
    load: async () => (await import('./keys.js')).registerKeys,
  },
  {
    name: 'ledger',
    term: 'ledger [options]',
    description: 'billable transactions: one entry per certificate ordered at the CA',
    load: async () => (await import('./ledger.js')).registerLedger,
  },
  {
    name: 'watchdog',
    term: 'watchdog [options]',
    description: 'renew certificates of listed addresses that expire within the buffer',
    load: async () => (await import('./watchdog.js')).registerWatchdog,
  },
  {
    name: 'batch-import',
    term: 'batch-import [options] <csv>',
    description: 'order the certificates a semi-automatic CSV lists (service desk)',
    load: async () => (await import('./batch-import.js')).registerBatchImport,
  },
  {
    name: 'swisssign-users',
    term: 'swisssign-users',
    description: 'the swisssign-users list the WatchDog reads',
    load: async () => (await import('./swisssign-users.js')).registerSwissSignUsers,
  },
  {
    name: 'forecast',
    term: 'forecast [options]',
    description: 'certificates expiring per week over the next months (text histogram, --svg chart)',
    load: async () => (await import('./forecast.js')).registerForecast,
  },
];

/**
 * The command an argument list runs: the first argument that is not an option (the program
 * itself has no options but `--help`), or the one `help <command>` names. Undefined for no
 * command or an unknown one (then every command is listed, cheaply).
 */
export function commandOf(argv: readonly string[]): CommandEntry | undefined {
  let i = argv.findIndex((a) => !a.startsWith('-'));
  if (i >= 0 && argv[i] === 'help') i += 1;
  const word = i >= 0 ? argv[i] : undefined;
  return word === undefined ? undefined : commands.find((c) => c.name === word);
}
