import type { CertificateRecord, LiveState, PgpKeyRecord } from '@usesync/domain';

/** Lookups over a live state, built once per plan (O(n)). */
export interface LiveIndex {
  /** Active, unexpired PGP keys per address. */
  readonly pgp: ReadonlyMap<string, PgpKeyRecord[]>;
  /** Active certificates valid at `now`, per address, latest notAfter last. */
  readonly certs: ReadonlyMap<string, CertificateRecord[]>;
  readonly groups: ReadonlyMap<string, ReadonlySet<string>>;
  readonly swissSignUsers: ReadonlySet<string>;
  /** Number of live (active, unexpired) certificates. */
  readonly liveCertificates: number;
  /** Number of live PGP keys. */
  readonly livePgpKeys: number;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
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
  const pgp = new Map<string, PgpKeyRecord[]>();
  let livePgpKeys = 0;
  for (const k of live.pgpKeys) {
    if (!pgpKeyIsLive(k, nowMs)) continue;
    push(pgp, k.address.toLowerCase(), k);
    livePgpKeys++;
  }
  const certs = new Map<string, CertificateRecord[]>();
  let liveCertificates = 0;
  for (const c of live.certificates) {
    if (!certificateIsLive(c, nowMs)) continue;
    push(certs, c.address.toLowerCase(), c);
    liveCertificates++;
  }
  for (const list of certs.values()) {
    if (list.length > 1) list.sort((a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter));
  }
  const groups = new Map<string, ReadonlySet<string>>();
  for (const g of live.groups) groups.set(g.name, new Set(g.members.map((m) => m.toLowerCase())));
  const swissSignUsers = new Set(live.swissSignUsers.map((u) => u.address.toLowerCase()));
  return { pgp, certs, groups, swissSignUsers, liveCertificates, livePgpKeys };
}
