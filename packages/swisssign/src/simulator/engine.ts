import { randomUUID } from 'node:crypto';
import type { X509Certificate } from '@peculiar/x509';
import type {
  CertificateOrderStatus,
  IssueRequest,
  RevocationRequest,
  SearchCertificateOrder,
} from '../client/types.js';
import { sameDn } from '../internal/dn.js';
import { fromPemOrBase64, toBase64 } from '../internal/pem.js';
import { loadX509 } from '../internal/x509.js';
import type { LocalCa } from './ca.js';
import type { FaultTable } from './faults.js';
import { checkIssueRequest, isRefusal } from './issue-check.js';
import { renderProduct } from './render-product.js';
import type { SimOrder, SimState } from './state.js';

/** An answer before it is written to the wire. */
export type Reply =
  | { readonly status: number; readonly json: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status: number; readonly text: string }
  | { readonly status: number; readonly bytes: Uint8Array; readonly contentType: string }
  | { readonly status: 204 };

/** How fast orders move from NEW to their final status. */
export interface Progression {
  /** Reads (status or order) after which an order is final (default 2; 0 = at once). */
  readonly polls?: number;
  /** Or this many ms after it was placed, whichever comes first. */
  readonly ms?: number;
}

const STEPS: readonly CertificateOrderStatus[] = [
  'NEW',
  'KEY_VALIDATION',
  'PRE_VALIDATION',
  'GENERATE_TBS',
  'PRE_ISSUE',
  'ISSUE',
  'FINALIZE_ISSUANCE',
];
const CRL_REASONS: Record<string, number> = {
  UNUSED: 0,
  KEY_COMPROMISE: 1,
  AFFILIATION_CHANGED: 3,
  SUPERSEDED: 4,
  CESSATION_OF_OPERATION: 5,
};

/** The RA's business logic over the state: orders, issuance, search, revocation. */
export class SimEngine {
  constructor(
    readonly state: SimState,
    readonly ca: LocalCa,
    readonly faults: FaultTable,
    private readonly progression: Progression,
    private readonly now: () => Date,
    readonly crlUrl: () => string,
    private readonly changed: () => void,
  ) {}

  /** POST /v2/clients. */
  clients(search: string | undefined): Reply {
    const { client, products } = this.state;
    if (search !== undefined && search !== '' && !wildcard(search).test(client.name))
      return { status: 200, json: [] };
    return { status: 200, json: [{ ...client, products: products.map(renderProduct) }] };
  }

  /** POST /v2/validate. */
  async validate(request: IssueRequest): Promise<Reply> {
    const draft = await checkIssueRequest(request, this.state.products);
    return isRefusal(draft) ? apiError(draft.status, draft.code, draft.messages) : { status: 204 };
  }

  /** POST /v2/issue and /v2/issue/csr/{pma}. */
  async issue(request: IssueRequest): Promise<Reply> {
    const draft = await checkIssueRequest(request, this.state.products);
    if (isRefusal(draft)) return apiError(draft.status, draft.code, draft.messages);
    const order: SimOrder = {
      uuid: `ord-${randomUUID()}`,
      createdOn: this.now().toISOString(),
      productReference: draft.product.uuid,
      tags: [...(request.tags ?? [])],
      note: request.note ?? null,
      email: draft.email,
      subject: draft.subject,
      csr: toBase64(draft.csrDer),
      fault: this.faults.orderFault(draft.email) ?? null,
      polls: 0,
      status: 'NEW',
      certificate: null,
      revocation: null,
    };
    this.state.orders.push(order);
    if (request.synchrone) await this.advance(order, Number.POSITIVE_INFINITY);
    this.changed();
    return {
      status: 200,
      json: this.render(order, request.synchrone === true && request.includeCertificateChain === true),
    };
  }

  /** POST /v2/order/{ord}/status: counts as a poll. */
  async status(ref: string): Promise<Reply> {
    const order = this.#find(ref);
    if (!order) return notFound(ref);
    await this.advance(order, 1);
    return { status: 200, json: order.status };
  }

  /** POST /v2/order/{ord}: counts as a poll. */
  async order(ref: string): Promise<Reply> {
    const order = this.#find(ref);
    if (!order) return notFound(ref);
    await this.advance(order, 1);
    return { status: 200, json: this.render(order, false) };
  }

  /** POST /v2/order/{ord}/certificate/chain: leaf first, root last. */
  chain(ref: string): Reply {
    const order = this.#find(ref);
    if (!order) return notFound(ref);
    if (!order.certificate)
      return apiError(400, '400.005.0001', [`Order ${ref} has no certificate (${order.status})`]);
    return { status: 200, json: this.#chain(order) };
  }

  /** POST /v2/orders: filters combine with AND; at most 300 results, oldest first. */
  search(query: SearchCertificateOrder): Reply {
    const start = (s: string | null | undefined): number | undefined => (s ? Date.parse(s) : undefined);
    const after = start(query.startAfter);
    const before = start(query.startBefore);
    if (Number.isNaN(after) || Number.isNaN(before))
      return apiError(400, '400.006.0001', ['Invalid date-time']);
    const serial = query.serialNumber ? wildcard(query.serialNumber) : undefined;
    const attribute = query.attribute ? wildcard(query.attribute) : undefined;
    const found = this.state.orders.filter((o) => {
      const created = Date.parse(o.createdOn);
      return (
        (!query.orderReference || o.uuid === query.orderReference) &&
        (!serial || (o.certificate !== null && serial.test(o.certificate.serial))) &&
        (!query.orderStatus?.length || query.orderStatus.includes(o.status)) &&
        (!query.revocationReason?.length ||
          (o.revocation !== null && (query.revocationReason as string[]).includes(o.revocation.reason))) &&
        (!query.clientReferences?.length || query.clientReferences.includes(this.state.client.uuid)) &&
        (after === undefined || created <= after) &&
        (before === undefined || created >= before) &&
        (!attribute || attribute.test(o.email) || o.subject.some(([, v]) => attribute.test(v))) &&
        (!query.tags?.length || query.tags.every((t) => o.tags.includes(t)))
      );
    });
    return {
      status: 200,
      json: found.slice(0, 300).map((o) => this.render(o, query.includeCertificateChain === true)),
    };
  }

  /** POST /v2/revoke: all or nothing. */
  revoke(requests: RevocationRequest[]): Reply {
    const targets: Array<{ order: SimOrder; request: RevocationRequest }> = [];
    for (const request of requests) {
      const serial = request.serialNumber.replace(/[:\s]/g, '').toUpperCase();
      const order = this.state.orders.find(
        (o) => o.certificate?.serial === serial && sameDn(o.certificate.issuer, request.issuerName),
      );
      if (!order)
        return apiError(404, '404.007.0001', [`No certificate ${serial} from issuer ${request.issuerName}`]);
      if (order.revocation)
        return apiError(400, '400.007.0002', [`Certificate ${serial} is already revoked`]);
      if (!request.revocationRequestor?.trim()) {
        return apiError(400, '400.007.0003', ['A revocation requestor is required for a service account']);
      }
      targets.push({ order, request });
    }
    for (const { order, request } of targets) {
      order.revocation = {
        revokedOn: this.now().toISOString(),
        reason: request.revocationReason,
        revokedBy: this.state.account,
        requestor: request.revocationRequestor ?? null,
      };
      order.status = 'REVOKED';
    }
    this.changed();
    return { status: 204 };
  }

  /** The issuing CA's CRL (DER). */
  async crl(): Promise<Reply> {
    const entries = this.state.orders.flatMap((o) =>
      o.certificate && o.revocation
        ? [
            {
              serial: o.certificate.serial,
              date: new Date(o.revocation.revokedOn),
              reason: CRL_REASONS[o.revocation.reason] ?? 0,
            },
          ]
        : [],
    );
    return {
      status: 200,
      bytes: await this.ca.crl(entries, this.now()),
      contentType: 'application/pkix-crl',
    };
  }

  /** Moves an order on by `reads` reads (and by elapsed time); issues the certificate when due. */
  async advance(order: SimOrder, reads: number): Promise<void> {
    if (order.revocation || ['ISSUED', 'FAILED', 'REJECTED'].includes(order.status)) return;
    order.polls = Math.min(order.polls + reads, Number.MAX_SAFE_INTEGER);
    const { polls = 2, ms } = this.progression;
    const byPolls = polls <= 0 ? 1 : order.polls / polls;
    const byTime =
      ms === undefined ? 0 : ms <= 0 ? 1 : (this.now().getTime() - Date.parse(order.createdOn)) / ms;
    const progress = Math.min(1, Math.max(byPolls, byTime));
    if (order.fault === 'PENDING_AUTH') {
      order.status = progress >= 0.5 ? 'PENDING_AUTH' : (STEPS[Math.floor(progress * 2 * 4)] ?? 'NEW');
    } else if (progress < 1) {
      order.status = STEPS[Math.floor(progress * STEPS.length)] ?? 'NEW';
    } else if (order.fault) {
      order.status = order.fault;
    } else {
      // Concurrent polls of one order must not sign two certificates.
      let issuing = this.#issuing.get(order.uuid);
      if (!issuing) {
        issuing = this.#issueCertificate(order).finally(() => this.#issuing.delete(order.uuid));
        this.#issuing.set(order.uuid, issuing);
      }
      await issuing;
    }
    this.changed();
  }

  readonly #issuing = new Map<string, Promise<void>>();

  async #issueCertificate(order: SimOrder): Promise<void> {
    if (order.certificate) return;
    const product = this.state.products.find((p) => p.uuid === order.productReference);
    const { Pkcs10CertificateRequest } = await loadX509();
    const cert: X509Certificate = await this.ca.issueLeaf({
      csr: new Pkcs10CertificateRequest(fromPemOrBase64(order.csr)),
      subject: order.subject,
      email: order.email,
      kind: product?.kind ?? 'team',
      notBefore: this.now(),
      days: product?.validityDays ?? 365,
      crlUrl: this.crlUrl(),
    });
    order.certificate = {
      der: toBase64(new Uint8Array(cert.rawData)),
      serial: cert.serialNumber.toUpperCase(),
      subject: cert.subject,
      issuer: cert.issuer,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
    };
    order.status = 'ISSUED';
  }

  #find(ref: string): SimOrder | undefined {
    return this.state.orders.find((o) => o.uuid === ref);
  }

  #chain(order: SimOrder): string[] {
    return [
      order.certificate?.der ?? '',
      toBase64(new Uint8Array(this.ca.issuing.rawData)),
      toBase64(new Uint8Array(this.ca.root.rawData)),
    ];
  }

  /** The `CertificateOrder` JSON of an order. */
  render(order: SimOrder, withChain: boolean): Record<string, unknown> {
    const c = order.certificate;
    const r = order.revocation;
    return {
      uuid: order.uuid,
      createdOn: order.createdOn,
      status: order.status,
      clientReference: this.state.client.uuid,
      productReference: order.productReference,
      ...(c
        ? {
            certificate: {
              subject: c.subject,
              issuer: c.issuer,
              serial: c.serial,
              startValidity: c.notBefore,
              endValidity: c.notAfter,
              certificate: c.der,
              ...(r
                ? {
                    revocationStatus: {
                      revokedOn: r.revokedOn,
                      reason: r.reason,
                      revokedBy: r.revokedBy,
                      revocationRequestor: r.requestor,
                    },
                  }
                : {}),
            },
          }
        : {}),
      ...(withChain && c ? { certificateChain: this.#chain(order) } : {}),
      tags: order.tags,
      issuedBy: this.state.account,
    };
  }
}

/** An `APIError` reply. */
export function apiError(status: number, code: string, messages: string[]): Reply {
  return { status, json: { uuid: randomUUID(), errorCode: code, errorMessages: messages } };
}

function notFound(ref: string): Reply {
  return apiError(404, '404.005.0001', [`Invalid identifier for order ${ref}`]);
}

/** SwissSign search wildcards: `?` one character, `*` any run; case-insensitive, whole value. */
export function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\?/g, '.')
    .replace(/\*/g, '.*');
  return new RegExp(`^${body}$`, 'i');
}
