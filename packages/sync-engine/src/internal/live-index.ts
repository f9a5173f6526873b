import type { CertificateRecord, LiveState, PgpKeyRecord } from '@usesync/domain';

const NONE: readonly never[] = Object.freeze([]);

/**
 * Records per address. Nearly every address has exactly one, so a single record is stored as
 * itself and only a second one makes an array: a million long-lived one-element arrays would
 * cost the plan more in garbage collection than everything else it keeps.
 */
export class ByAddress<T> {
  private readonly map = new Map<string, T | T[]>();

  /** Adds a record under `address`. */
  add(address: string, value: T): void {
    const had = this.map.get(address);
    if (had === undefined) this.map.set(address, value);
    else if (Array.isArray(had)) had.push(value);
    else this.map.set(address, [had, value]);
  }

  /** The records of `address` (empty when none). */
  get(address: string): readonly T[] {
    const v = this.map.get(address);
    return v === undefined ? NONE : Array.isArray(v) ? v : [v];
  }

  /** The addresses with records. */
  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  /** Sorts every multi-record list in place. */
  sortLists(compare: (a: T, b: T) => number): void {
    for (const v of this.map.values()) if (Array.isArray(v)) v.sort(compare);
  }
}

/** Lookups over a live state, built once per plan (O(n)). */
export interface LiveIndex {
  /** Active, unexpired PGP keys per address. */
  readonly pgp: ByAddress<PgpKeyRecord>;
  /** Active certificates valid at `now`, per address, latest notAfter last. */
  readonly certs: ByAddress<CertificateRecord>;
  readonly groups: ReadonlyMap<string, ReadonlySet<string>>;
  readonly swissSignUsers: ReadonlySet<string>;
  /** Number of live (active, unexpired) certificates. */
  readonly liveCertificates: number;
  /** Number of live PGP keys. */
  readonly livePgpKeys: number;
}

/** True when a PGP key is active and not expired at `nowMs`. */
export function pgpKeyIsLive(k: PgpKeyRecord, nowMs: number): boolean {
  return k.status === 'active' && (k.expires === null || Date.parse(k.expires) > nowMs);
}

/** True when a certificate is active and inside its validity at `nowMs`. */
export function certificateIsLive(c: CertificateRecord, nowMs: number): boolean {
  return c.status === 'active' && Date.parse(c.notAfter) > nowMs;
}

/** Indexes the live state for planning at `nowMs`. */
export function indexLive(live: LiveState, nowMs: number): LiveIndex {
  const pgp = new ByAddress<PgpKeyRecord>();
  let livePgpKeys = 0;
  for (const k of live.pgpKeys) {
    if (!pgpKeyIsLive(k, nowMs)) continue;
    pgp.add(k.address.toLowerCase(), k);
    livePgpKeys++;
  }
  const certs = new ByAddress<CertificateRecord>();
  let liveCertificates = 0;
  for (const c of live.certificates) {
    if (!certificateIsLive(c, nowMs)) continue;
    certs.add(c.address.toLowerCase(), c);
    liveCertificates++;
  }
  certs.sortLists((a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter));
  const groups = new Map<string, ReadonlySet<string>>();
  for (const g of live.groups) groups.set(g.name, new Set(g.members.map((m) => m.toLowerCase())));
  const swissSignUsers = new Set(live.swissSignUsers.map((u) => u.address.toLowerCase()));
  return { pgp, certs, groups, swissSignUsers, liveCertificates, livePgpKeys };
}
