import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret } from '@usesync/domain';
import { LocalCa } from './ca.js';
import { type Progression, SimEngine } from './engine.js';
import { type FaultOptions, FaultTable } from './faults.js';
import { JwtIssuer } from './jwt.js';
import { RequestValidator } from './schema.js';
import { createRequestListener, type SimStats } from './server.js';
import { loadState, type SimOrder, type SimProduct, type SimState, saveState } from './state.js';

/** One simulated product. */
export interface SimulatorProductOptions {
  readonly name?: string;
  /** `pma-<uuid>`; random when absent. */
  readonly reference?: string;
  /** Certificate lifetime in days (capped at 825). Default 365. */
  readonly validityDays?: number;
  /**
   * Subject attributes every order of this product must carry, by short name (`o`, `c`, `l`,
   * `st`), e.g. `['o', 'c']` for an organisation-validated product. Default none. OU is always
   * refused (S/MIME baseline).
   */
  readonly requiredSubject?: readonly string[];
}

/** Options of {@link startSimulator}. Everything is optional. */
export interface SimulatorOptions {
  /** TCP port on 127.0.0.1 (default 0: any free port). The simulator never binds elsewhere. */
  readonly port?: number;
  /** JSON file holding CA, account and orders across restarts (default: memory only). */
  readonly stateFile?: string;
  /** RA operator user name it accepts. */
  readonly account?: string;
  /** API key it accepts (random when absent). */
  readonly apiKey?: string;
  readonly products?: {
    readonly personal?: SimulatorProductOptions;
    readonly team?: SimulatorProductOptions;
  };
  /** JWT lifetime (default 8 h, like SwissSign). */
  readonly jwtTtlSeconds?: number;
  /** How fast orders complete (default: after 2 reads). */
  readonly progression?: Progression;
  /** Fault injection for this run. */
  readonly faults?: FaultOptions;
  /** Clock (default the system clock). */
  readonly now?: () => Date;
}

/** A running simulator. */
export interface SimulatorHandle {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly account: string;
  readonly apiKey: Secret;
  /** Product name and `pma-…` reference per kind. */
  readonly products: Readonly<
    Record<'personal' | 'team', { readonly name: string; readonly reference: string }>
  >;
  /** `cli-…` reference of the simulated client account. */
  readonly clientReference: string;
  /** Issuing CA then root, PEM (the `-CAfile` for OpenSSL). */
  readonly caCertificatesPem: string;
  /** Where the issuing CA's DER CRL is served. */
  readonly crlUrl: string;
  /** Live fault table: add faults or order outcomes while running. */
  readonly faults: FaultTable;
  readonly stats: SimStats;
  /** A snapshot of every order, oldest first. */
  orders(): SimOrder[];
  /** The issuing CA's CRL (DER). */
  crl(): Promise<Uint8Array>;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Starts the SwissSign RA API simulator on 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const now = options.now ?? (() => new Date());
  const file = options.stateFile;
  const state = await initialState(options, file ? loadState(file) : undefined, now());
  const ca = await LocalCa.load(state.ca);
  const save = (): void => {
    if (file) saveState(file, state);
  };
  save();

  let crlUrl = '';
  const engine = new SimEngine(
    state,
    ca,
    new FaultTable(options.faults),
    options.progression ?? {},
    now,
    () => crlUrl,
    save,
  );
  const stats: SimStats = { requests: 0, byRoute: {}, jwtIssued: 0, unauthorized: 0, faultsHit: 0 };
  const jwt = new JwtIssuer(state.jwtSecret, options.jwtTtlSeconds ?? 8 * 3600);
  const server = createServer(
    createRequestListener({ engine, validator: new RequestValidator(), jwt, stats, now }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  crlUrl = `${url}/sim/crl`;
  const product = (kind: 'personal' | 'team'): { name: string; reference: string } => {
    const p = state.products.find((x) => x.kind === kind) as SimProduct;
    return { name: p.name, reference: p.uuid };
  };
  return {
    url,
    port,
    account: state.account,
    apiKey: new Secret(state.apiKey),
    products: { personal: product('personal'), team: product('team') },
    clientReference: state.client.uuid,
    caCertificatesPem: ca.caCertificatesPem,
    crlUrl,
    faults: engine.faults,
    stats,
    orders: () => structuredClone(state.orders),
    crl: async () => {
      const reply = await engine.crl();
      return 'bytes' in reply ? reply.bytes : new Uint8Array();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function initialState(
  options: SimulatorOptions,
  loaded: SimState | undefined,
  now: Date,
): Promise<SimState> {
  const base: SimState = loaded ?? {
    version: 1,
    account: 'ra-operator@simulator.usesync.test',
    apiKey: randomBytes(24).toString('base64url'),
    jwtSecret: randomBytes(32).toString('base64url'),
    client: { uuid: `cli-${randomUUID()}`, name: 'usesync simulated client' },
    products: [
      {
        uuid: `pma-${randomUUID()}`,
        name: 'S/MIME Personal (simulated)',
        kind: 'personal',
        validityDays: 365,
      },
      {
        uuid: `pma-${randomUUID()}`,
        name: 'S/MIME E-Mail only (simulated)',
        kind: 'team',
        validityDays: 365,
      },
    ],
    ca: await (await LocalCa.create(now)).export(),
    orders: [],
  };
  const products = base.products.map((p) => {
    const o = options.products?.[p.kind];
    return {
      ...p,
      ...(o?.name ? { name: o.name } : {}),
      ...(o?.reference ? { uuid: o.reference } : {}),
      ...(o?.validityDays ? { validityDays: o.validityDays } : {}),
      ...(o?.requiredSubject ? { requiredSubject: o.requiredSubject.map((a) => a.toLowerCase()) } : {}),
    };
  });
  return {
    ...base,
    ...(options.account ? { account: options.account } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    products,
  };
}
