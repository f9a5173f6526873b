import { pgpMinimumKeyBits } from '@usesync/config';
import {
  type Action,
  addValidity,
  type CertificateEvent,
  normalizeAddress,
  type PgpCreateAction,
  type PgpDeleteAction,
  type PgpKeyRecord,
  type SmimeRevokeAction,
  type Store,
} from '@usesync/domain';
import type { StepContext, StepOutput } from './context.js';

const done = (id: string, extra: Partial<StepOutput['result']> = {}): StepOutput => ({
  result: { id, status: 'done', ...extra },
});
const failed = (id: string, message: string): StepOutput => ({ result: { id, status: 'failed', message } });

/** Generates a PGP key pair, archives the private key and records the public key. */
export async function createPgpKey(ctx: StepContext, a: PgpCreateAction): Promise<StepOutput> {
  const gen = ctx.deps.pgp;
  const request = {
    address: a.address,
    name: a.name,
    ...(a.comment === undefined ? {} : { comment: a.comment }),
    keyType: a.keyType,
    keyLength: a.keyLength,
    validity: a.validity,
    now: ctx.now,
  };
  // A pooled key first (taken with its use recorded); an empty pool falls back to generating.
  let key = await ctx.deps.keyPool?.takePgpKey({ tenant: ctx.tenant, actionId: a.id, request });
  if (!key) {
    if (!gen) return failed(a.id, 'PGP key generation is not available');
    // The one minimum key size the plan used too (a 1024-bit key with allowWeakKeys is made).
    key = await gen.generate(request, { minRsaBits: pgpMinimumKeyBits(ctx.config) });
  }
  const info = key.info;
  const record: PgpKeyRecord = {
    address: a.address,
    fingerprint: info.fingerprint,
    algorithm: info.algorithm,
    bits: info.bits ?? a.keyLength,
    userId: info.userIds[0] ?? `${a.name} <${a.address}>`,
    created: info.created.toISOString(),
    expires: info.expires ? info.expires.toISOString() : addValidity(ctx.now, a.validity).toISOString(),
    status: 'active',
    origin: 'created',
    publicKeyArmored: key.publicKeyArmored,
  };
  await ctx.store.transaction(ctx.tenant, async (tx: Store) => {
    await tx.archiveKey(
      ctx.tenant,
      {
        address: a.address,
        kind: 'pgp',
        reference: info.fingerprint,
        format: 'openpgp-armored',
        createdAt: ctx.now.toISOString(),
      },
      new TextEncoder().encode(key.privateKeyArmored.reveal()),
    );
    await tx.putPgpKeys(ctx.tenant, [record]);
  });
  return done(a.id, { fingerprint: info.fingerprint });
}

/** Marks every listed PGP key deleted from the live store; the archived private keys stay. */
export async function deletePgpKeys(ctx: StepContext, a: PgpDeleteAction): Promise<StepOutput> {
  for (const fp of a.fingerprints) await ctx.store.markPgpKeyDeleted(ctx.tenant, fp);
  return done(a.id, { message: `${a.fingerprints.length} key(s) deleted; archived copies kept` });
}

/**
 * Revokes every listed certificate: at the CA (reason and requestor from the configuration) for
 * certificates it ordered, then marks them revoked. Imported certificates (bought elsewhere) are
 * only marked revoked on the gateway. Private keys stay archived.
 */
export async function revokeCertificates(
  ctx: StepContext,
  a: SmimeRevokeAction,
): Promise<StepOutput & { events: CertificateEvent[] }> {
  const { reason, requestor } = ctx.config.smime.revocation;
  const records = await ctx.store.listCertificates(ctx.tenant, a.address);
  const wanted = new Set(a.certificates.map((c) => c.serial));
  const certs = records.filter((c) => wanted.has(c.serial));
  const atCa = certs.filter((c) => c.origin === 'created' && c.status === 'active');
  if (atCa.length > 0) {
    if (!ctx.deps.ca) return { ...failed(a.id, 'no certificate authority is configured'), events: [] };
    await ctx.deps.ca.revoke(
      atCa.map((c) => ({ serialNumber: caSerial(c.serial), issuerName: c.issuerDn, reason, requestor })),
      ctx.signal ? { signal: ctx.signal } : {},
    );
  }
  const at = ctx.now.toISOString();
  await ctx.store.transaction(ctx.tenant, async (tx: Store) => {
    for (const c of certs) await tx.markCertificateRevoked(ctx.tenant, c.serial, reason, at);
  });
  const events: CertificateEvent[] = certs.map((c) => ({
    event: 'revoked',
    address: c.address,
    serial: c.serial,
    subjectDn: c.subjectDn,
    issuerDn: c.issuerDn,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    team: c.team,
    ...(c.orderRef ? { orderRef: c.orderRef } : {}),
    revocationReason: reason,
  }));
  const local = certs.length - atCa.length;
  const message = `${certs.length} certificate(s) revoked (${reason})${local > 0 ? `; ${local} not ordered by usesync marked revoked on the gateway only` : ''}; private keys stay archived`;
  return { ...done(a.id, { message }), events };
}

/** Adds the action's (sealed) passphrase to the tenant's list. */
export async function addPassphrase(
  ctx: StepContext,
  a: Action & { kind: 'passphrase-add' },
): Promise<StepOutput> {
  await ctx.store.addPassphrases(ctx.tenant, [a.passphrase]);
  return done(a.id);
}

/** Puts an address on (or takes it off) the swisssign-users list. */
export async function swissSignUser(
  ctx: StepContext,
  a: Action & { kind: 'swisssign-user-add' | 'swisssign-user-remove' },
): Promise<StepOutput> {
  if (a.kind === 'swisssign-user-remove') {
    await ctx.store.removeSwissSignUser(ctx.tenant, a.address);
    return done(a.id);
  }
  await ctx.store.putSwissSignUsers(ctx.tenant, [
    {
      address: normalizeAddress(a.address),
      name: a.name,
      ...(a.givenName === undefined ? {} : { givenName: a.givenName }),
      ...(a.surname === undefined ? {} : { surname: a.surname }),
      team: a.team,
      addedAt: ctx.now.toISOString(),
    },
  ]);
  return done(a.id);
}

/** The serial as the CA writes it: whole bytes (x509 drops a leading zero nibble). */
function caSerial(serial: string): string {
  return serial.length % 2 === 1 ? `0${serial}` : serial;
}
