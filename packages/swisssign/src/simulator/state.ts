import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { CertificateOrderStatus } from '../client/types.js';
import type { CaMaterial } from './ca.js';
import type { OrderFault } from './faults.js';

/** A certificate product offered by the simulated client account. */
export interface SimProduct {
  /** `pma-…` reference. */
  readonly uuid: string;
  readonly name: string;
  readonly kind: 'personal' | 'team';
  readonly validityDays: number;
  /** Subject attributes an order must carry (`o`, `c`, `l`, `st`, …); none when absent. */
  readonly requiredSubject?: readonly string[];
}

/** A certificate as the simulator keeps it. */
export interface SimCertificate {
  /** Base64 DER. */
  readonly der: string;
  /** Upper-case hex. */
  readonly serial: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

/** A revocation as the simulator keeps it. */
export interface SimRevocation {
  readonly revokedOn: string;
  readonly reason: string;
  readonly revokedBy: string;
  readonly requestor: string | null;
}

/** An order as the simulator keeps it. */
export interface SimOrder {
  readonly uuid: string;
  readonly createdOn: string;
  readonly productReference: string;
  readonly tags: string[];
  readonly note: string | null;
  readonly email: string;
  /** Subject as OID/value pairs. */
  readonly subject: Array<[string, string]>;
  /** The CSR, base64 DER. */
  readonly csr: string;
  /** Injected outcome, if any. */
  readonly fault: OrderFault | null;
  polls: number;
  status: CertificateOrderStatus;
  certificate: SimCertificate | null;
  revocation: SimRevocation | null;
}

/** Everything the simulator knows; what the state file holds. */
export interface SimState {
  readonly version: 1;
  readonly account: string;
  /** The API key it accepts. Test material; the state file is written with mode 0600. */
  readonly apiKey: string;
  /** HMAC key of its JWTs. */
  readonly jwtSecret: string;
  readonly client: { readonly uuid: string; readonly name: string };
  readonly products: SimProduct[];
  readonly ca: CaMaterial;
  readonly orders: SimOrder[];
}

/** Reads a state file, or undefined when it does not exist. */
export function loadState(file: string): SimState | undefined {
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, 'utf8')) as SimState;
  if (state.version !== 1) throw new Error(`Cannot load simulator state ${file}: unknown version`);
  return state;
}

/** Writes the state atomically (temp file + rename), readable by the owner only. */
export function saveState(file: string, state: SimState): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}
