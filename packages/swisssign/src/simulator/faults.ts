/** What happens to orders for a mailbox (or `*` for all) instead of a normal issuance. */
export type OrderFault = 'FAILED' | 'REJECTED' | 'PENDING_AUTH';

/**
 * A transport-level fault, applied to the next `times` requests whose path contains `path`.
 * - `http-5xx`: answer `status` (default 503) with an APIError.
 * - `slow`: wait `delayMs` (default 2000) before handling.
 * - `drop`: destroy the connection without an answer.
 * - `expired-jwt`: refuse the bearer token with 401 as if it had expired.
 * - `throttle`: answer `status` (default 429; 503 also makes sense) with `Retry-After: retryAfter`
 *   (default `1`: seconds, or an HTTP date) and an APIError.
 * With `when: 'after'`, `http-5xx` and `drop` hit after the request took effect (the order was
 * placed, the certificate revoked) — the answer is lost, not the request.
 */
export interface HttpFault {
  readonly kind: 'http-5xx' | 'slow' | 'drop' | 'expired-jwt' | 'throttle';
  /** Substring of the request path (default: every path). */
  readonly path?: string;
  /** How many matching requests are hit (default 1; `Infinity` for all). */
  readonly times?: number;
  readonly status?: number;
  readonly delayMs?: number;
  /** `throttle`: the `Retry-After` value sent (delta-seconds or an HTTP date). */
  readonly retryAfter?: string;
  readonly when?: 'before' | 'after';
}

/** Fault injection of one simulator run. */
export interface FaultOptions {
  /** Mailbox (case-insensitive) or `*` → order outcome. */
  readonly orders?: Readonly<Record<string, OrderFault>>;
  readonly http?: readonly HttpFault[];
}

/** Live fault table: rules are consumed as requests hit them. */
export class FaultTable {
  readonly #orders = new Map<string, OrderFault>();
  #http: Array<{ fault: HttpFault; left: number }> = [];

  constructor(options: FaultOptions = {}) {
    for (const [mailbox, fault] of Object.entries(options.orders ?? {})) this.setOrderFault(mailbox, fault);
    for (const fault of options.http ?? []) this.add(fault);
  }

  /** Adds a transport fault. */
  add(fault: HttpFault): void {
    this.#http.push({ fault, left: fault.times ?? 1 });
  }

  /** Sets (or with `undefined` clears) the order outcome for a mailbox or `*`. */
  setOrderFault(mailbox: string, fault: OrderFault | undefined): void {
    if (fault === undefined) this.#orders.delete(mailbox.toLowerCase());
    else this.#orders.set(mailbox.toLowerCase(), fault);
  }

  /** Removes every fault. */
  clear(): void {
    this.#orders.clear();
    this.#http = [];
  }

  /** The order outcome for `mailbox`, if one is injected. */
  orderFault(mailbox: string): OrderFault | undefined {
    return this.#orders.get(mailbox.toLowerCase()) ?? this.#orders.get('*');
  }

  /** Takes the first live fault of `kinds` matching `path` and `when`, consuming one use. */
  take(path: string, kinds: readonly HttpFault['kind'][], when: 'before' | 'after'): HttpFault | undefined {
    const hit = this.#http.find(
      (r) =>
        r.left > 0 &&
        kinds.includes(r.fault.kind) &&
        (r.fault.when ?? 'before') === when &&
        (r.fault.path === undefined || path.includes(r.fault.path)),
    );
    if (!hit) return undefined;
    hit.left -= 1;
    return hit.fault;
  }
}

const FAULT_KINDS: readonly HttpFault['kind'][] = ['http-5xx', 'slow', 'drop', 'expired-jwt', 'throttle'];

/**
 * Parses a CLI fault spec: `kind[,path=P][,times=N][,status=S][,delay=MS][,retry-after=V][,when=after]`,
 * e.g. `http-5xx,path=/v2/orders,times=2` or `throttle,status=503,retry-after=2`. Returns an error
 * message for a bad spec.
 */
export function parseFaultSpec(spec: string): HttpFault | string {
  const [kind, ...options] = spec.split(',');
  if (!FAULT_KINDS.includes(kind as HttpFault['kind'])) {
    return `unknown fault "${kind}" (${FAULT_KINDS.join(', ')})`;
  }
  const fault: { -readonly [K in keyof HttpFault]: HttpFault[K] } = { kind: kind as HttpFault['kind'] };
  for (const option of options) {
    const [key, value = ''] = option.split('=');
    const n = value === 'inf' ? Number.POSITIVE_INFINITY : Number(value);
    if (key === 'path') fault.path = value;
    else if (key === 'retry-after' && value !== '') fault.retryAfter = value;
    else if (key === 'when' && (value === 'before' || value === 'after')) fault.when = value;
    else if ((key === 'times' || key === 'status' || key === 'delay') && n >= 0) {
      if (key === 'times') fault.times = n;
      else if (key === 'status') fault.status = n;
      else fault.delayMs = n;
    } else return `bad fault option "${option}" in "${spec}"`;
  }
  return fault;
}
