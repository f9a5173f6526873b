import { insecureUrlProblem, type TenantConfig } from '@usesync/config';
import { Secret, UsesyncError } from '@usesync/domain';
import { type SimulatorHandle, SwissSignClient, startSimulator } from '@usesync/swisssign';
import type { CertificateAuthority } from './deps.js';

/** Environment variables naming a SwissSign RA API (the CLI's way to leave the simulator). */
export const CA_ENV = {
  url: 'USESYNC_SWISSSIGN_URL',
  user: 'USESYNC_SWISSSIGN_USER',
  apiKey: 'USESYNC_SWISSSIGN_API_KEY',
} as const;

/**
 * The file, inside a data directory, where the built-in simulator keeps its CA and orders across
 * restarts. The CLI and the worker both use this name, so either finds the other's orders.
 */
export const SIMULATOR_STATE_FILE = 'swisssign-sim.json';

/** Status polling of a CA on loopback: fast, since orders there complete within milliseconds. */
export const LOOPBACK_POLL = { initialDelayMs: 20, maxDelayMs: 200, maxWaitMs: 60_000 } as const;

/** The two S/MIME product names (or `pma-…` references) of a tenant. */
export type SmimeProducts = TenantConfig['smime']['products'];

/** Which CA to open. */
export type CaSettings =
  /** A SwissSign RA API; the products come from each tenant's configuration. */
  | {
      readonly kind: 'swisssign';
      readonly baseUrl: string;
      readonly userName: string;
      readonly apiKey: Secret;
      /** Poll fast and without the client-side rate limit (a simulator or test peer on loopback). */
      readonly loopback?: boolean;
    }
  /**
   * The built-in simulator on 127.0.0.1, its CA and orders kept in `stateFile` (in a data
   * directory: `<dataDir>/`{@link SIMULATOR_STATE_FILE}).
   */
  | {
      readonly kind: 'simulator';
      readonly stateFile: string;
      /** How fast orders complete (default: at once). */
      readonly progression?: { readonly polls: number; readonly ms?: number };
      /** Product names the simulator offers (default: its own); used for every tenant. */
      readonly products?: SmimeProducts;
    };

/**
 * A tenant's view of a CA: every order and pre-flight carries the tenant's configured subject
 * defaults (`smime.subject`: O, OU, C, ST, L — the manual's "additional parameters taken from the
 * implemented defaults"), so they reach the issued certificates.
 */
export function withSubjectDefaults(ca: CertificateAuthority, config: TenantConfig): CertificateAuthority {
  const s = config.smime.subject;
  const subjectDefaults = {
    ...(s.organization === undefined ? {} : { organization: s.organization }),
    ...(s.organizationalUnit === undefined ? {} : { organizationalUnit: s.organizationalUnit }),
    ...(s.country === undefined ? {} : { country: s.country }),
    ...(s.state === undefined ? {} : { state: s.state }),
    ...(s.locality === undefined ? {} : { locality: s.locality }),
  };
  if (Object.keys(subjectDefaults).length === 0) return ca;
  // One view per client and subject: tenants with the same defaults share it (and its caches).
  const views = withDefaults.get(ca) ?? new Map<string, CertificateAuthority>();
  withDefaults.set(ca, views);
  const key = JSON.stringify(subjectDefaults);
  const known = views.get(key);
  if (known) return known;
  const preflight = ca.preflight?.bind(ca);
  const view: CertificateAuthority = {
    issue: (input, options) => ca.issue({ subjectDefaults, ...input }, options),
    findOrderByIdempotencyKey: (k, options) => ca.findOrderByIdempotencyKey(k, options),
    revoke: (inputs, options) => ca.revoke(inputs, options),
    ...(preflight
      ? { preflight: (input, options) => preflight({ subjectDefaults, ...input }, options) }
      : {}),
  };
  views.set(key, view);
  return view;
}

const withDefaults = new WeakMap<CertificateAuthority, Map<string, CertificateAuthority>>();

/** Observes one CA call: operation, seconds, whether it succeeded (metrics). */
export type CaObserver = (operation: 'issue' | 'find' | 'revoke', seconds: number, ok: boolean) => void;

/** An opened CA. */
export interface CaHandle {
  readonly kind: CaSettings['kind'];
  /** Where the RA API is (no credentials). */
  readonly url: string;
  /** For people: the URL, or `SwissSign simulator (<state file>)`. */
  readonly description: string;
  /** The CA client for a tenant (one client a pair of products). */
  caFor(config: TenantConfig): CertificateAuthority;
  close(): Promise<void>;
}

const isLoopbackUrl = (url: string): boolean =>
  /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(url);

/**
 * The CA settings the environment names: {@link CA_ENV}'s URL, user and API key when the URL is
 * set (a loopback URL polls fast, unthrottled), else `fallback`. Throws `CONFIG_INVALID` for a URL
 * that would send the API key in the clear (`http://` to anything but loopback).
 */
export function caSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  fallback: CaSettings,
): CaSettings {
  const url = env[CA_ENV.url];
  if (!url) return fallback;
  const unsafe = insecureUrlProblem(url);
  if (unsafe !== undefined) throw new UsesyncError('CONFIG_INVALID', `Cannot use ${CA_ENV.url}: ${unsafe}`);
  return {
    kind: 'swisssign',
    baseUrl: url,
    userName: env[CA_ENV.user] ?? '',
    apiKey: new Secret(env[CA_ENV.apiKey] ?? ''),
    loopback: isLoopbackUrl(url),
  };
}

/**
 * Opens the CA: a client of the configured SwissSign RA API, or the built-in simulator on
 * 127.0.0.1 with its state in a file (so a restart finds its earlier orders again). Every call of
 * the returned clients is timed through `observe` when one is given.
 */
export async function openCa(settings: CaSettings, observe?: CaObserver): Promise<CaHandle> {
  const wrap = (client: SwissSignClient): CertificateAuthority => (observe ? timed(client, observe) : client);
  if (settings.kind === 'swisssign') {
    const s = settings;
    const clients = new Map<string, CertificateAuthority>();
    return {
      kind: 'swisssign',
      url: s.baseUrl,
      description: s.baseUrl,
      caFor(config) {
        const products = config.smime.products;
        const key = `${products.personal}\0${products.team}`;
        let ca = clients.get(key);
        if (!ca) {
          const client = new SwissSignClient({
            baseUrl: s.baseUrl,
            userName: s.userName,
            apiKey: s.apiKey,
            products,
            ...(s.loopback ? { rateLimit: false as const, poll: LOOPBACK_POLL } : {}),
          });
          ca = wrap(client);
          clients.set(key, ca);
        }
        return withSubjectDefaults(ca, config);
      },
      close: async () => {},
    };
  }
  const names = settings.products;
  const sim: SimulatorHandle = await startSimulator({
    stateFile: settings.stateFile,
    progression: settings.progression ?? { polls: 0 },
    ...(names ? { products: { personal: { name: names.personal }, team: { name: names.team } } } : {}),
  });
  const client = wrap(
    new SwissSignClient({
      baseUrl: sim.url,
      userName: sim.account,
      apiKey: sim.apiKey,
      products: names ?? { personal: sim.products.personal.name, team: sim.products.team.name },
      rateLimit: false,
      poll: LOOPBACK_POLL,
    }),
  );
  return {
    kind: 'simulator',
    url: sim.url,
    description: `SwissSign simulator (${settings.stateFile})`,
    caFor: (config) => withSubjectDefaults(client, config),
    close: () => sim.close(),
  };
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
    ...(ca.preflight ? { preflight: ca.preflight.bind(ca) } : {}),
  };
}
