import { SwissSignError } from '../errors.js';
import { type BackoffPolicy, backoffDelay } from '../internal/backoff.js';
import { fromPemOrBase64, toPem } from '../internal/pem.js';
import type { RaApi } from './ra-api.js';
import type { Transport } from './transport.js';
import type { CertificateOrder, CertificateOrderStatus, IssuedCertificate, IssueOutcome } from './types.js';

/** Statuses after which waiting longer changes nothing. */
const FINAL_FAILURES: ReadonlySet<CertificateOrderStatus> = new Set(['FAILED', 'REJECTED', 'REVOKED']);

/** Settings of one wait. */
export interface WaitSettings {
  readonly policy: BackoffPolicy;
  readonly maxWaitMs: number;
  readonly random: () => number;
  /** Monotonic clock in ms. */
  readonly now: () => number;
  readonly reused: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Polls an order until it is final or the budget is spent. Never loops hot: delays grow from
 * `initialDelayMs` to `maxDelayMs` with jitter, and the last sleep never overshoots the budget.
 */
export async function waitForOrder(
  api: RaApi,
  transport: Transport,
  orderReference: string,
  settings: WaitSettings,
): Promise<IssueOutcome> {
  const { reused, signal } = settings;
  const started = settings.now();
  for (let attempt = 0; ; attempt++) {
    const status = await api.status(orderReference, signal);
    if (status === 'ISSUED') return issued(api, orderReference, reused, signal);
    if (FINAL_FAILURES.has(status)) return { kind: 'failed', orderReference, reused, status };
    const waited = settings.now() - started;
    const delay = backoffDelay(attempt, settings.policy, settings.random);
    if (waited + delay > settings.maxWaitMs) {
      return { kind: 'pending', orderReference, reused, status, waitedMs: Math.round(waited) };
    }
    await transport.wait(delay, `wait for ${orderReference}`, signal);
  }
}

async function issued(
  api: RaApi,
  orderReference: string,
  reused: boolean,
  signal: AbortSignal | undefined,
): Promise<IssueOutcome> {
  const order: CertificateOrder = await api.order(orderReference, signal);
  const cert = order.certificate;
  if (!cert) {
    throw new SwissSignError('SWISSSIGN_PROTOCOL', 'the order is ISSUED but carries no certificate', {
      operation: `read order ${orderReference}`,
    });
  }
  const chain = await api.chain(orderReference, signal);
  const der = decode(cert.certificate, orderReference);
  const certificate: IssuedCertificate = {
    der,
    pem: toPem(der, 'CERTIFICATE'),
    serialNumber: cert.serial.toUpperCase(),
    subject: cert.subject,
    issuer: cert.issuer,
    notBefore: cert.startValidity,
    notAfter: cert.endValidity,
  };
  const chainPem = chain.map((c) => toPem(decode(c, orderReference), 'CERTIFICATE'));
  return { kind: 'issued', orderReference, reused, certificate, chainPem, order };
}

function decode(text: string, orderReference: string): Uint8Array {
  try {
    return fromPemOrBase64(text);
  } catch (cause) {
    throw new SwissSignError('SWISSSIGN_PROTOCOL', 'a certificate is not base64 DER', {
      operation: `read order ${orderReference}`,
      cause,
    });
  }
}
