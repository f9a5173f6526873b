import { UsesyncError } from '@usesync/domain';
import { type FaultOptions, type HttpFault, type OrderFault, parseFaultSpec } from './faults.js';
import type { SimulatorHandle, SimulatorOptions } from './start.js';

/** Command-line flags of `usesync swisssign-simulator`, as strings the way a parser hands them over. */
export interface SimulatorFlags {
  readonly port?: string;
  readonly state?: string;
  readonly account?: string;
  readonly apiKey?: string;
  readonly personalProduct?: string;
  readonly teamProduct?: string;
  readonly personalRef?: string;
  readonly teamRef?: string;
  /** `kind[,path=P][,times=N][,status=S][,delay=MS][,when=after]`, repeatable. */
  readonly fault?: readonly string[];
  /** `mailbox=FAILED|REJECTED|PENDING_AUTH` (mailbox may be `*`), repeatable. */
  readonly orderFault?: readonly string[];
  readonly issueAfterPolls?: string;
  readonly issueAfterMs?: string;
  readonly jwtTtl?: string;
  /** `personal=o,c` or `team=o`: subject attributes every order of that product must carry, repeatable. */
  readonly requireSubject?: readonly string[];
}

/** The `--help` text of each flag, so the CLI and this package describe them alike. */
export const SIMULATOR_FLAG_HELP: Readonly<Record<keyof SimulatorFlags, string>> = {
  port: 'TCP port on 127.0.0.1 (default: any free port)',
  state: 'JSON state file: CA, account and orders survive restarts (default: memory only)',
  account: 'RA operator user name to accept',
  apiKey: 'API key to accept (default: random, printed on start)',
  personalProduct: 'name of the personal product',
  teamProduct: 'name of the e-mail-only (team) product',
  personalRef: 'pma-<uuid> reference of the personal product',
  teamRef: 'pma-<uuid> reference of the team product',
  fault:
    'inject a fault: kind[,path=P][,times=N|inf][,status=S][,delay=MS][,retry-after=V][,when=after]; kinds: http-5xx, slow, drop, expired-jwt, throttle',
  orderFault: 'make orders for a mailbox (or *) end FAILED, REJECTED or stay PENDING_AUTH: mailbox=STATUS',
  issueAfterPolls: 'status reads until an order is final (default 2)',
  issueAfterMs: 'or milliseconds after placing it',
  jwtTtl: 'JWT lifetime in seconds (default 28800)',
  requireSubject:
    'subject attributes a product requires, e.g. personal=o,c (validate and issue refuse orders without them)',
};

/** Turns flags into {@link SimulatorOptions}; throws UsesyncError `SIMULATOR_USAGE` on a bad flag. */
export function simulatorOptionsFromFlags(flags: SimulatorFlags): SimulatorOptions {
  const bad = (reason: string): never => {
    throw new UsesyncError('SIMULATOR_USAGE', `Cannot start the SwissSign simulator: ${reason}`);
  };
  const int = (name: string, value: string | undefined, min: number): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    return Number.isInteger(n) && n >= min
      ? n
      : bad(`--${name} must be an integer >= ${min}, got "${value}"`);
  };
  const ref = (name: string, value: string | undefined): string | undefined =>
    value === undefined || /^pma-[0-9a-f-]{36}$/.test(value)
      ? value
      : bad(`--${name} must look like pma-<uuid>`);
  const http: HttpFault[] = (flags.fault ?? []).map((spec) => {
    const fault = parseFaultSpec(spec);
    return typeof fault === 'string' ? bad(fault) : fault;
  });
  const orders: Record<string, OrderFault> = {};
  for (const spec of flags.orderFault ?? []) {
    const [mailbox, status] = spec.split('=');
    if (!mailbox || (status !== 'FAILED' && status !== 'REJECTED' && status !== 'PENDING_AUTH')) {
      bad(`--order-fault "${spec}" must be mailbox=FAILED|REJECTED|PENDING_AUTH`);
    } else orders[mailbox] = status;
  }
  const port = int('port', flags.port, 0);
  if (port !== undefined && port > 65535) bad('--port must be at most 65535');
  const polls = int('issue-after-polls', flags.issueAfterPolls, 0);
  const ms = int('issue-after-ms', flags.issueAfterMs, 0);
  const ttl = int('jwt-ttl', flags.jwtTtl, 1);
  const faults: FaultOptions = { http, orders };
  const required: Partial<Record<'personal' | 'team', string[]>> = {};
  for (const spec of flags.requireSubject ?? []) {
    const [kind, list = ''] = spec.split('=');
    const attributes = list.split(',').map((a) => a.trim().toLowerCase());
    if (
      (kind !== 'personal' && kind !== 'team') ||
      attributes.some((a) => !/^(o|c|l|st|t|serialnumber)$/.test(a))
    ) {
      bad(
        `--require-subject "${spec}" must be personal|team=ATTR[,ATTR] with ATTR one of o, c, l, st, t, serialnumber`,
      );
    } else required[kind] = attributes;
  }
  const product = (name: string | undefined, reference: string | undefined, kind: 'personal' | 'team') => ({
    ...(name ? { name } : {}),
    ...(reference ? { reference } : {}),
    ...(required[kind] ? { requiredSubject: required[kind] } : {}),
  });
  return {
    ...(port !== undefined ? { port } : {}),
    ...(flags.state ? { stateFile: flags.state } : {}),
    ...(flags.account ? { account: flags.account } : {}),
    ...(flags.apiKey ? { apiKey: flags.apiKey } : {}),
    products: {
      personal: product(flags.personalProduct, ref('personal-ref', flags.personalRef), 'personal'),
      team: product(flags.teamProduct, ref('team-ref', flags.teamRef), 'team'),
    },
    ...(ttl !== undefined ? { jwtTtlSeconds: ttl } : {}),
    progression: { ...(polls !== undefined ? { polls } : {}), ...(ms !== undefined ? { ms } : {}) },
    faults,
  };
}

/**
 * What the simulator prints on start. It shows the API key on purpose: it is the simulator's
 * own throwaway key, and engineers need it to configure a client.
 */
export function simulatorBanner(sim: SimulatorHandle, stateFile?: string): string {
  const rows: Array<[string, string]> = [
    ['base URL', sim.url],
    ['account', sim.account],
    ['API key', sim.apiKey.reveal()],
    ['client', sim.clientReference],
    ['personal product', `${sim.products.personal.reference}  "${sim.products.personal.name}"`],
    ['team product', `${sim.products.team.reference}  "${sim.products.team.name}"`],
    ['CA certificates', `${sim.url}/sim/ca.pem`],
    ['CRL (DER)', sim.crlUrl],
    ['state', stateFile ?? 'memory only'],
  ];
  return [
    'SwissSign RA API simulator (not SwissSign: a local stand-in with its own test CA)',
    ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(18)} ${value}`),
    '',
  ].join('\n');
}
