import { join } from 'node:path';
import {
  type CaHandle,
  type CaObserver,
  caSettingsFromEnv,
  openCa,
  resolveSecretRef,
  SIMULATOR_STATE_FILE,
} from '@usesync/executor';
import type { WorkerConfig } from './config.js';

/** File in the data directory that keeps the simulator's CA and orders (the executor's name). */
export { SIMULATOR_STATE_FILE };

/**
 * Opens the worker's CA (see `openCa` of `@usesync/executor`), first match wins: the configured
 * SwissSign RA API (API key from its secret reference); the RA API that
 * `USESYNC_SWISSSIGN_URL`/`_USER`/`_API_KEY` name (e.g. one simulator shared by several
 * replicas); else the built-in simulator with its state in `<dataDir>/swisssign-sim.json` and
 * the configured order progression. Every call is timed through `observe`.
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
      : caSettingsFromEnv(env, {
          kind: 'simulator',
          stateFile: join(wc.dataDir, SIMULATOR_STATE_FILE),
          progression: {
            polls: wc.simulator.orderPolls,
            ...(wc.simulator.orderMs === undefined ? {} : { ms: wc.simulator.orderMs }),
          },
        }),
    observe,
  );
}
