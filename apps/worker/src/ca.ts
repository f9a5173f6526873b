import { join } from 'node:path';
import { type CaHandle, type CaObserver, openCa, resolveSecretRef } from '@usesync/executor';
import type { WorkerConfig } from './config.js';

/** File in the data directory that keeps the simulator's CA and orders across restarts. */
export const SIMULATOR_STATE_FILE = 'swisssign-simulator.json';

/**
 * Opens the worker's CA (see `openCa` of `@usesync/executor`): the configured SwissSign RA API
 * (API key from its secret reference), or else the built-in simulator with its state in
 * `<dataDir>/swisssign-simulator.json` and the configured order progression. Every call is timed
 * through `observe`.
 */
export function setUpCa(
  wc: WorkerConfig,
  env: Readonly<Record<string, string | undefined>>,
  observe?: CaObserver,
): Promise<CaHandle> {
  const s = wc.swisssign;
  return openCa(
    s
      ? {
          kind: 'swisssign',
          baseUrl: s.baseUrl,
          userName: s.userName,
          apiKey: resolveSecretRef(s.apiKey, env, wc.configDir),
        }
      : {
          kind: 'simulator',
          stateFile: join(wc.dataDir, SIMULATOR_STATE_FILE),
          progression: {
            polls: wc.simulator.orderPolls,
            ...(wc.simulator.orderMs === undefined ? {} : { ms: wc.simulator.orderMs }),
          },
        },
    observe,
  );
}
