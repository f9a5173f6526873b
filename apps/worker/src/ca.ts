import { join } from 'node:path';
import type { TenantConfig } from '@usesync/config';
import type { CertificateAuthority } from '@usesync/executor';
import { resolveSecretRef } from '@usesync/executor';
import { type SimulatorHandle, SwissSignClient, startSimulator } from '@usesync/swisssign';
import type { WorkerConfig } from './config.js';

/** Observes one CA call: operation, seconds, whether it succeeded. */
export type CaObserver = (operation: 'issue' | 'find' | 'revoke', seconds: number, ok: boolean) => void;

/** The CA side of the worker. */
export interface CaSetup {
  /** `simulator` (built-in, loopback) or `swisssign` (configured RA API). */
  readonly kind: 'simulator' | 'swisssign';
  /** Where the RA API is (no credentials). */
  readonly url: string;
  /** The CA client for a tenant (products from its configuration; the simulator's own names). */
  caFor(config: TenantConfig): CertificateAuthority;
  close(): Promise<void>;
}

/** File in the data directory that keeps the simulator's CA and orders across restarts. */
export const SIMULATOR_STATE_FILE = 'swisssign-simulator.json';

/**
 * Sets up the CA: the configured SwissSign RA API, or else the built-in simulator on 127.0.0.1
 * with its state in the data directory (so a restarted worker finds its earlier orders again).
 * Every call is timed through `observe`.
 */
export async function setUpCa(
  wc: WorkerConfig,
  env: Readonly<Record<string, string | undefined>>,
  observe: CaObserver = () => {},
): Promise<CaSetup> {
  const clients = new Map<string, CertificateAuthority>();
  if (wc.swisssign) {
    const s = wc.swisssign;
    const apiKey = resolveSecretRef(s.apiKey, env, wc.configDir);
    return {
      kind: 'swisssign',
      url: s.baseUrl,
      caFor(config) {
        const key = `${config.smime.products.personal}\0${config.smime.products.team}`;
        let ca = clients.get(key);
        if (!ca) {
          ca = timed(
            new SwissSignClient({
              baseUrl: s.baseUrl,
              userName: s.userName,
              apiKey,
              products: config.smime.products,
            }),
            observe,
          );
          clients.set(key, ca);
        }
        return ca;
      },
      close: async () => {},
    };
  }
  const progression = {
    polls: wc.simulator.orderPolls,
    ...(wc.simulator.orderMs === undefined ? {} : { ms: wc.simulator.orderMs }),
  };
  const sim: SimulatorHandle = await startSimulator({
    stateFile: join(wc.dataDir, SIMULATOR_STATE_FILE),
    progression,
  });
  const client = timed(
    new SwissSignClient({
      baseUrl: sim.url,
      userName: sim.account,
      apiKey: sim.apiKey,
      products: { personal: sim.products.personal.name, team: sim.products.team.name },
      rateLimit: false,
      poll: { initialDelayMs: 20, maxDelayMs: 200, maxWaitMs: 60_000 },
    }),
    observe,
  );
  return { kind: 'simulator', url: sim.url, caFor: () => client, close: () => sim.close() };
}

function timed(ca: CertificateAuthority, observe: CaObserver): CertificateAuthority {
  const run = async <T>(op: 'issue' | 'find' | 'revoke', fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      const r = await fn();
      observe(op, (performance.now() - start) / 1000, true);
      return r;
    } catch (e) {
      observe(op, (performance.now() - start) / 1000, false);
      throw e;
    }
  };
  return {
    issue: (input, options) => run('issue', () => ca.issue(input, options)),
    findOrderByIdempotencyKey: (key, options) =>
      run('find', () => ca.findOrderByIdempotencyKey(key, options)),
    revoke: (inputs, options) => run('revoke', () => ca.revoke(inputs, options)),
  };
}
