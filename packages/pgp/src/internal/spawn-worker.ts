import { Worker } from 'node:worker_threads';

/**
 * Runs in a worker started from TypeScript sources (tests): Node strips the types itself, but
 * the sources import siblings as `./x.js` and `@usesync/*` through the `@usesync/source` export
 * condition, so a resolve hook maps both before the real worker module is imported.
 */
const SOURCE_BOOTSTRAP = `
const { registerHooks } = require('node:module');
const { workerData } = require('node:worker_threads');
registerHooks({
  resolve(specifier, context, nextResolve) {
    const ctx = { ...context, conditions: ['@usesync/source', ...(context.conditions ?? [])] };
    try {
      return nextResolve(specifier, ctx);
    } catch (err) {
      const fromTs = context.parentURL !== undefined && context.parentURL.endsWith('.ts');
      if (fromTs && specifier.startsWith('.') && specifier.endsWith('.js')) {
        return nextResolve(specifier.slice(0, -3) + '.ts', ctx);
      }
      throw err;
    }
  },
});
import(workerData.entry).catch((err) => { process.nextTick(() => { throw err; }); });
`;

/**
 * Starts one key generation worker. From the built package (`dist/`) it runs the compiled
 * `keygen-worker.js` next to this module; from TypeScript sources it runs `keygen-worker.ts`
 * through {@link SOURCE_BOOTSTRAP}.
 */
export function spawnKeygenWorker(): Worker {
  const here = import.meta.url;
  const execArgv = workerExecArgv(process.execArgv);
  if (here.endsWith('.ts')) {
    const entry = new URL('./keygen-worker.ts', here).href;
    return new Worker(SOURCE_BOOTSTRAP, { eval: true, workerData: { entry }, execArgv });
  }
  return new Worker(new URL('./keygen-worker.js', here), { execArgv });
}

/**
 * The parent's Node options minus those that describe the parent's own entry point: a host
 * started as `node --input-type=module -e …` would otherwise make every worker fail to start.
 */
export function workerExecArgv(parent: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const arg = parent[i]!;
    if (arg === '--input-type') i++;
    else if (!arg.startsWith('--input-type=')) out.push(arg);
  }
  return out;
}
