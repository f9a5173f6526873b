import { UsesyncError } from '@usesync/domain';
import {
  SIMULATOR_FLAG_HELP,
  type SimulatorFlags,
  simulatorBanner,
  simulatorOptionsFromFlags,
  startSimulator,
} from '@usesync/swisssign';
import type { Command } from 'commander';
import { type CliIO, Exit, UsageError } from '../io.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * `usesync swisssign-simulator --port <p> [--state file]`: runs the local SwissSign RA API
 * simulator on 127.0.0.1 until SIGINT/SIGTERM, after printing its URL, account, API key and
 * product references.
 */
export function registerSwissSignSimulator(
  program: Command,
  io: CliIO,
  setExit: (code: number) => void,
): void {
  const h = SIMULATOR_FLAG_HELP;
  program
    .command('swisssign-simulator')
    .description('run a local simulator of the SwissSign RA REST API (127.0.0.1 only) for demos and tests')
    .option('--port <port>', h.port)
    .option('--state <file>', h.state)
    .option('--account <name>', h.account)
    .option('--api-key <key>', h.apiKey)
    .option('--personal-product <name>', h.personalProduct)
    .option('--team-product <name>', h.teamProduct)
    .option('--personal-ref <pma>', h.personalRef)
    .option('--team-ref <pma>', h.teamRef)
    .option('--fault <spec>', h.fault, collect)
    .option('--order-fault <mailbox=STATUS>', h.orderFault, collect)
    .option('--issue-after-polls <n>', h.issueAfterPolls)
    .option('--issue-after-ms <ms>', h.issueAfterMs)
    .option('--jwt-ttl <seconds>', h.jwtTtl)
    .action(async (flags: SimulatorFlags) => {
      let options: ReturnType<typeof simulatorOptionsFromFlags>;
      try {
        options = simulatorOptionsFromFlags(flags);
      } catch (e) {
        if (e instanceof UsesyncError) throw new UsageError(e.message);
        throw e;
      }
      const sim = await startSimulator(options);
      io.out(simulatorBanner(sim, options.stateFile));
      io.out('Press Ctrl-C to stop.\n');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await sim.close();
      io.err('SwissSign simulator stopped.\n');
      setExit(Exit.Ok);
    });
}
