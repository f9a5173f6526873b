// @usesync/cli: the `usesync` command. Thin: it parses arguments and composes the packages.
import { Command, CommanderError, Help } from 'commander';
import { commandOf, commands } from './commands/index.js';
import { type CliIO, Exit, processIO, UsageError } from './io.js';

export type { CliIO } from './io.js';
export { Exit, processIO, UsageError } from './io.js';

/**
 * Runs `usesync` with the given arguments (without `node` and the script) and returns the exit
 * code. Never calls `process.exit`, so it can run in-process in tests.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exit: number = Exit.Ok;
  const program = new Command()
    .name('usesync')
    .description('User Synchronization for Encryption: check, plan and apply import files')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError()
    // The top-level help lists every command from the table: only the command that runs is loaded.
    .configureHelp({
      subcommandTerm: (cmd) =>
        commands.find((c) => c.name === cmd.name())?.term ?? new Help().subcommandTerm(cmd),
    });
  const chosen = commandOf(argv);
  for (const entry of commands) {
    if (entry === chosen) {
      const register = await entry.load();
      register(program, io, (code) => {
        exit = code;
      });
    } else program.command(entry.name).description(entry.description);
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? Exit.Ok : Exit.Usage;
    }
    if (e instanceof UsageError) {
      io.err(`usesync: ${e.message}\n`);
      return Exit.Usage;
    }
    const err = e as Error & { code?: string };
    io.err(`usesync: ${err.message}${err.code ? ` [${err.code}]` : ''}\n`);
    return Exit.Usage;
  }
  return exit;
}
