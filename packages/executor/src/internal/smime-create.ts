import { randomBytes } from 'node:crypto';
import type { TenantConfig } from '@usesync/config';
import { type CertificateRecord, Secret, type SmimeCreateAction, type Store } from '@usesync/domain';
import type { IssueOutcome } from '@usesync/swisssign';
import { capRefusal } from '@usesync/sync-engine';
import {
  buildPkcs12,
  type CertificateInfo,
  createCsr,
  createKeyAndCsr,
  type KeySpec,
  keyMatchesCertificate,
  PrivateKey,
  parseCertificates,
  type SubjectRequest,
} from '@usesync/x509';
import { orderKey } from '../idempotency.js';
import { journalOutcome, type StepContext, type StepOutput } from './context.js';

/** Order statuses after which the same idempotency key must not be used again. */
const DEAD = new Set(['FAILED', 'REJECTED', 'REVOKED']);

/** Orders tried for one certificate before giving up. */
const MAX_ATTEMPTS = 20;

/**
 * PBKDF2 iterations of archived PKCS#12 files. Their passphrase is 32 random bytes (no stretching
 * needed) and the archive is sealed by the store (AES-256-GCM) anyway; 100 000 iterations would
 * add ~0.5 s of CPU per certificate.
 */
const ARCHIVE_P12_ITERATIONS = 2048;

/** Archive reference of a key that awaits its certificate. */
export const pendingReference = (key: string): string => `pending:${key}`;
/** Archive reference of the passphrase of an archived PKCS#12. */
export const p12PassphraseReference = (serial: string): string => `${serial}:passphrase`;

const KEY_SPECS: Record<TenantConfig['smime']['keyAlgorithm'], KeySpec> = {
  'RSA-2048': 'RSA-2048',
  'RSA-3072': 'RSA-3072',
  'RSA-4096': 'RSA-4096',
  'ECDSA-P256': 'EC-P256',
  'ECDSA-P384': 'EC-P384',
};

/** The subject of an S/MIME request for an action (team or personal, tenant defaults). */
export function subjectRequest(config: TenantConfig, a: SmimeCreateAction): SubjectRequest {
  const s = config.smime.subject;
  const defaults = {
    ...(s.organization ? { organization: s.organization } : {}),
    ...(s.country ? { country: s.country } : {}),
    ...(s.state ? { state: s.state } : {}),
    ...(s.locality ? { locality: s.locality } : {}),
  };
  return a.team
    ? { address: a.address, holder: { kind: 'team', name: a.name }, product: 'email-only', defaults }
    : {
        address: a.address,
        holder: { kind: 'person', givenName: a.givenName ?? '', surname: a.surname ?? '' },
        product: 'personal',
        defaults,
      };
}

/**
 * Orders (or resumes) the certificate of an automatic `smime-create`. Crash safety: the private
 * key is archived under `pending:<key>` BEFORE the order is placed; the order carries the
 * idempotency key, so a re-run finds it (the client searches by tag) instead of ordering again;
 * certificate, ledger row, PKCS#12 and journal completion are written in one transaction.
 */
export async function createCertificate(ctx: StepContext, a: SmimeCreateAction): Promise<StepOutput> {
  const { store, tenant } = ctx;
  const fail = (message: string, orderRef?: string): StepOutput => ({
    result: { id: a.id, status: 'failed', message, ...(orderRef ? { orderRef } : {}) },
  });
  const ca = ctx.deps.ca;
  if (!ca) return fail('no certificate authority is configured');
  if (!a.team && (!a.givenName?.trim() || !a.surname?.trim())) {
    return fail('a personal certificate needs a first name and a last name (firstname/lastname)');
  }
  const request = subjectRequest(ctx.config, a);
  const generation = (await store.listCertificates(tenant, a.address)).length;
  // The cap on live certificates, held across concurrent runs (a worker and `usesync apply`, two
  // processes on one store): a slot is reserved in the store, atomically with the count, before
  // any key or order. A renewal of a certificate that is still live replaces it and takes no slot.
  const at = ctx.now.toISOString();
  const reservation = `${a.address.toLowerCase()}#${generation}`;
  const takesSlot = !(a.renews && a.renews.notAfter > at);
  const cap = ctx.config.smime.maxLiveCertificates;
  if (takesSlot && (await store.reserveOrder(tenant, reservation, cap, at)) === 'cap-reached')
    return fail(capRefusal(cap));
  let key: PrivateKey | undefined;
  let csrPem: string | undefined;
  let idempotencyKey = '';
  let outcome: IssueOutcome | undefined;
  let cert: CertificateInfo | undefined;
  for (let attempt = 0; cert === undefined; attempt++) {
    if (attempt >= MAX_ATTEMPTS) return fail(`${MAX_ATTEMPTS} orders for this certificate failed at the CA`);
    idempotencyKey = orderKey(tenant, a.address, generation, attempt);
    const archived = await store.getArchivedKey(tenant, 'smime', pendingReference(idempotencyKey));
    const keySpec = KEY_SPECS[ctx.config.smime.keyAlgorithm];
    const pooled =
      archived === undefined
        ? await ctx.deps.keyPool?.takeSmimeKey({
            tenant,
            address: a.address,
            actionId: a.id,
            keySpec,
            archive: {
              reference: pendingReference(idempotencyKey),
              format: 'pkcs8-der',
              createdAt: ctx.now.toISOString(),
            },
          })
        : undefined;
    if (pooled !== undefined) {
      // Taken and archived under pending:<key> in one transaction by the pool.
      key = pooled;
      csrPem = (await createCsr(request, pooled)).pem;
    } else if (archived === undefined) {
      const made = await createKeyAndCsr({ ...request, keySpec });
      await store.archiveKey(
        tenant,
        {
          address: a.address,
          kind: 'smime',
          reference: pendingReference(idempotencyKey),
          format: 'pkcs8-der',
          createdAt: ctx.now.toISOString(),
        },
        made.privateKey.toPkcs8Der(),
      );
      key = made.privateKey;
      csrPem = made.csr.pem;
    } else {
      // A key exists for this key: an earlier attempt may have ordered. A dead order needs a new key.
      const order = await ca.findOrderByIdempotencyKey(idempotencyKey, signalOf(ctx));
      if (order && DEAD.has(order.status)) continue;
      key = PrivateKey.fromPkcs8Der(archived);
      csrPem = undefined;
    }
    await store.progressAction(tenant, ctx.runId, a.id, {
      idempotencyKey,
      keyReference: pendingReference(idempotencyKey),
    });
    csrPem ??= (await createCsr(request, key)).pem;
    outcome = await ca.issue(
      {
        kind: a.team ? 'team' : 'personal',
        email: a.address,
        ...(a.team ? { teamName: a.name } : { givenName: a.givenName ?? '', surname: a.surname ?? '' }),
        csr: csrPem,
        idempotencyKey,
      },
      { ...signalOf(ctx), ...(ctx.orderWaitMs === undefined ? {} : { maxWaitMs: ctx.orderWaitMs }) },
    );
    if (outcome.kind === 'pending') {
      return {
        result: {
          id: a.id,
          status: 'pending',
          orderRef: outcome.orderReference,
          message: `pending at the CA (${outcome.status}); resumed by the next run or the WatchDog`,
        },
      };
    }
    if (outcome.kind === 'failed') {
      if (takesSlot) await store.releaseOrder(tenant, reservation);
      return fail(
        `the CA ended order ${outcome.orderReference} with ${outcome.status}`,
        outcome.orderReference,
      );
    }
    const parsed = (await parseCertificates(outcome.certificate.pem)).value[0];
    // An order of another store's life (e.g. a data directory set up again) carries the same tag
    // but certifies a key we do not hold: never use it, order with the next key.
    if (parsed && keyMatchesCertificate(key, parsed)) cert = parsed;
    else if (!parsed) return fail(`the certificate of order ${outcome.orderReference} cannot be read`);
  }
  if (!key || !cert || outcome?.kind !== 'issued') return fail('no certificate was issued');
  const issued = outcome;
  const certificate: CertificateInfo = cert;
  const privateKey: PrivateKey = key;
  const random = ctx.deps.randomBytes ?? ((n: number) => new Uint8Array(randomBytes(n)));
  const passphrase = Buffer.from(random(32)).toString('base64url');
  const chain = issued.chainPem.slice(1);
  const chainParsed = await parsedChain(ctx, chain.join('\n'));
  const p12 = await buildPkcs12({
    key: privateKey,
    certificate: certificate,
    chain: chainParsed,
    passphrase: new Secret(passphrase),
    iterations: ARCHIVE_P12_ITERATIONS,
    friendlyName: a.address,
  });
  const product = a.team ? ctx.config.smime.products.team : ctx.config.smime.products.personal;
  const record: CertificateRecord = {
    address: a.address,
    serial: certificate.serial,
    issuerDn: certificate.issuerDn,
    subjectDn: certificate.subjectDn,
    sanEmails: certificate.sanEmails,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    status: 'active',
    team: a.team,
    origin: 'created',
    orderRef: issued.orderReference,
    certificatePem: issued.certificate.pem,
  };
  const out: StepOutput = {
    result: { id: a.id, status: 'done', serial: certificate.serial, orderRef: issued.orderReference },
    event: {
      event: a.renews ? 'renewed' : 'created',
      address: a.address,
      serial: certificate.serial,
      subjectDn: certificate.subjectDn,
      issuerDn: certificate.issuerDn,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      team: a.team,
      orderRef: issued.orderReference,
      certificatePem: issued.certificate.pem,
    },
    chainPem: chain,
    journalled: true,
  };
  await store.transaction(tenant, async (tx: Store) => {
    await tx.putCertificates(tenant, [record]);
    await tx.recordLedgerEntry(tenant, {
      idempotencyKey,
      address: a.address,
      orderRef: issued.orderReference,
      product,
      kind: a.renews ? 'renew' : 'create',
      at: ctx.now.toISOString(),
      serial: certificate.serial,
    });
    const info = { address: a.address, kind: 'smime' as const, createdAt: ctx.now.toISOString() };
    await tx.archiveKey(tenant, { ...info, reference: certificate.serial, format: 'pkcs12' }, p12);
    await tx.archiveKey(
      tenant,
      { ...info, reference: p12PassphraseReference(certificate.serial), format: 'pkcs12-passphrase' },
      new TextEncoder().encode(passphrase),
    );
    if (takesSlot) await tx.releaseOrder(tenant, reservation);
    if (ctx.runId !== '') await tx.completeAction(tenant, ctx.runId, a.id, journalOutcome(out));
  });
  return out;
}

// Every order of a run comes with the same CA chain: parse it once per set of dependencies
// (one entry each, dropped with them), not once per certificate.
const chains = new WeakMap<object, { text: string; parsed: Promise<CertificateInfo[]> }>();

function parsedChain(ctx: StepContext, text: string): Promise<CertificateInfo[]> {
  const known = chains.get(ctx.deps);
  if (known?.text === text) return known.parsed;
  const parsed = parseCertificates(text).then((r) => r.value);
  chains.set(ctx.deps, { text, parsed });
  return parsed;
}

function signalOf(ctx: StepContext): { signal?: AbortSignal } {
  return ctx.signal ? { signal: ctx.signal } : {};
}
