import { parseArgs } from 'node:util';
import { loadWorkerConfig, WORKER_CONFIG_ENV } from './config.js';
import { Worker } from './worker.js';

/** Exit codes of `usesync-worker`. */
export const WorkerExit = { Ok: 0, Failed: 1, Usage: 2 } as const;

const USAGE = `usage: usesync-worker --config <file>   (or ${WORKER_CONFIG_ENV}=<file>)\n`;

/**
 * `usesync-worker`: starts the worker and runs until SIGTERM/SIGINT (exit 0 after a clean stop;
 * a second signal interrupts the running sync between actions). Exit 2 for usage and
 * configuration errors, 1 when the worker cannot start.
 */
export async function runWorkerCli(argv: readonly string[], env = process.env): Promise<number> {
  let path: string | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return WorkerExit.Ok;
    }
    path = values.config ?? env[WORKER_CONFIG_ENV];
  } catch (e) {
    process.stderr.write(`usesync-worker: ${(e as Error).message}\n${USAGE}`);
    return WorkerExit.Usage;
  }
  if (!path) {
    process.stderr.write(`usesync-worker: no configuration given\n${USAGE}`);
    return WorkerExit.Usage;
  }
  let config: ReturnType<typeof loadWorkerConfig>;
  try {
    config = loadWorkerConfig(path);
  } catch (e) {
    process.stderr.write(`usesync-worker: ${(e as Error).message}\n`);
    return WorkerExit.Usage;
  }
  let worker: Worker;
  try {
    worker = await Worker.start({ config, env });
  } catch (e) {
    const err = e as Error & { code?: string };
    process.stderr.write(`usesync-worker: ${err.message}${err.code ? ` [${err.code}]` : ''}\n`);
    return WorkerExit.Failed;
  }
  let deadline: NodeJS.Timeout | undefined;
  let stopping = false;
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      worker.log.info({ signal }, 'signal received');
      if (stopping) {
        // A second signal interrupts the running sync; the first stop still closes everything.
        void worker.stop();
        return;
      }
      stopping = true;
      // The stop lets the running sync finish within the grace and then closes what the worker
      // opened; should it hang anyway (a peer that never answers), the process still ends.
      const limit = (config.shutdownGraceSeconds + STOP_SLACK_SECONDS) * 1000;
      deadline = exitAfter(worker, limit, WorkerExit.Failed);
      worker.stop().then(resolve, resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  // Everything is closed: nothing should keep the process alive now. If something does (a
  // library's socket or timer), exit anyway instead of lingering after "worker stopped".
  clearTimeout(deadline);
  exitAfter(worker, LINGER_MS, WorkerExit.Ok);
  return WorkerExit.Ok;
}

/** Seconds beyond `shutdownGraceSeconds` that closing may take before the process exits anyway. */
const STOP_SLACK_SECONDS = 5;
/** How long the process may stay after "worker stopped" before it exits anyway. */
const LINGER_MS = 1000;
/**
 * Exits with `code` after `ms` unless the process ended by itself before (the timer is unref'd,
 * so it never keeps the process alive); logs what was still open.
 */
function exitAfter(worker: Worker, ms: number, code: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    worker.log.warn({ open: process.getActiveResourcesInfo() }, 'exiting although handles are still open');
    process.exit(code);
  }, ms);
  timer.unref();
  return timer;
}
