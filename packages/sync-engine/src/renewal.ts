import type { CertificateRecord, SmimeCreateAction, SwissSignUserRecord } from '@usesync/domain';

const HOUR = 3_600_000;

/**
 * The certificate renewals look at: the active one that lasts longest (expired ones included).
 * One rule for the sync plan, the WatchDog and the batch import.
 */
export function latestCertificate(certs: readonly CertificateRecord[]): CertificateRecord | undefined {
  let best: CertificateRecord | undefined;
  for (const c of certs) if (c.status === 'active' && (!best || c.notAfter > best.notAfter)) best = c;
  return best;
}

/** What an address needs, judged from its certificates (see {@link renewalDecision}). */
export type RenewalDecision =
  /** The latest certificate lasts beyond the renewal buffer: nothing to do. */
  | { readonly kind: 'valid'; readonly latest: CertificateRecord }
  /** The latest certificate expires inside the buffer (or has expired): order a replacement. */
  | { readonly kind: 'renew'; readonly latest: CertificateRecord; readonly countsAgainstCap: boolean }
  /** No certificate at all: a first issuance (counts against the cap). */
  | { readonly kind: 'first'; readonly countsAgainstCap: true };

/**
 * The renewal rule: a certificate whose end lies inside `bufferHours` from `now` is renewed; a
 * renewal of a certificate that is still live replaces it and does not count against the cap on
 * live certificates, one of an expired certificate does (it adds a live certificate).
 */
export function renewalDecision(
  certs: readonly CertificateRecord[],
  now: Date,
  bufferHours: number,
): RenewalDecision {
  const latest = latestCertificate(certs);
  if (!latest) return { kind: 'first', countsAgainstCap: true };
  const bufferEnd = new Date(now.getTime() + bufferHours * HOUR).toISOString();
  if (latest.notAfter > bufferEnd) return { kind: 'valid', latest };
  return { kind: 'renew', latest, countsAgainstCap: latest.notAfter <= now.toISOString() };
}

/** Live certificates of a tenant: active and not expired at `now`. */
export function liveCertificateCount(certs: readonly CertificateRecord[], now: Date): number {
  const at = now.toISOString();
  let n = 0;
  for (const c of certs) if (c.status === 'active' && c.notAfter > at) n++;
  return n;
}

/** The reason of a line refused by the cap on live certificates (the same words everywhere). */
export function capRefusal(maxLiveCertificates: number): string {
  return `refused: the tenant's limit of ${maxLiveCertificates} live certificates would be exceeded`;
}

/** The reason of a renewal (the same words everywhere). */
export function renewalReason(latest: CertificateRecord, bufferHours: number): string {
  return `the certificate ${latest.serial} expires ${latest.notAfter}, inside the ${bufferHours} h renewal buffer`;
}

/** The `smime-create` action for an address (a renewal when `renews` is given). */
export function createActionFor(
  user: Pick<SwissSignUserRecord, 'address' | 'name' | 'givenName' | 'surname' | 'team'>,
  mode: SmimeCreateAction['mode'],
  reason: string,
  renews?: Pick<CertificateRecord, 'serial' | 'notAfter'>,
  line?: number,
): SmimeCreateAction {
  return {
    kind: 'smime-create',
    id: `smime-create:${user.address}`,
    ...(line === undefined ? {} : { line }),
    reason,
    address: user.address,
    name: user.name,
    ...(user.givenName === undefined ? {} : { givenName: user.givenName }),
    ...(user.surname === undefined ? {} : { surname: user.surname }),
    team: user.team,
    mode,
    ...(renews ? { renews: { serial: renews.serial, notAfter: renews.notAfter } } : {}),
  };
}

/** A tenant's certificates by lower-cased address (for the per-address renewal decision). */
export function certificatesByAddress(certs: readonly CertificateRecord[]): Map<string, CertificateRecord[]> {
  const by = new Map<string, CertificateRecord[]>();
  for (const c of certs) {
    const key = c.address.toLowerCase();
    const list = by.get(key);
    if (list) list.push(c);
    else by.set(key, [c]);
  }
  return by;
}
