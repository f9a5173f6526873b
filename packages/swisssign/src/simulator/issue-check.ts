import type * as X509 from '@peculiar/x509';
import type { Pkcs10CertificateRequest } from '@peculiar/x509';
import { isValidMailbox } from '@usesync/domain';
import type { IssueRequest } from '../client/types.js';
import { DN_ATTRIBUTE_OIDS, parseDn } from '../internal/dn.js';
import { fromPemOrBase64 } from '../internal/pem.js';
import { loadX509 } from '../internal/x509.js';
import { checkCsrKey } from './ca.js';
import type { SimProduct } from './state.js';

const OID = {
  cn: '2.5.4.3',
  ou: '2.5.4.11',
  c: '2.5.4.6',
  gn: '2.5.4.42',
  sn: '2.5.4.4',
  email: '1.2.840.113549.1.9.1',
};

/** A request that passed the RA's checks: what the order will be issued for. */
export interface IssueDraft {
  readonly product: SimProduct;
  readonly csr: Pkcs10CertificateRequest;
  readonly csrDer: Uint8Array;
  readonly email: string;
  readonly subject: Array<[string, string]>;
}

/** Refusal with HTTP status, API error code and messages. */
export interface Refusal {
  readonly status: 400 | 404;
  readonly code: string;
  readonly messages: string[];
}

/**
 * The checks the RA applies before accepting an S/MIME order: known product, a CSR with a valid
 * signature and an allowed key, one or more valid rfc822 addresses, and SwissSign's subject rules
 * (no OU; the product's required attributes, e.g. O and C; C a two-letter code; personal: CN is
 * the person's name; e-mail-only: CN is the address). Subject problems come back all at once.
 */
export async function checkIssueRequest(
  request: IssueRequest,
  products: readonly SimProduct[],
): Promise<IssueDraft | Refusal> {
  const product = products.find((p) => p.uuid === request.productReference);
  if (!product)
    return refuse(404, '404.001.0001', `Invalid identifier for product ${request.productReference}`);
  if (request.csr === undefined || request.csr === null || request.csr.trim() === '') {
    return refuse(400, '400.002.0001', `Product ${product.name} requires a CSR (PKCS10)`);
  }
  const x509 = await loadX509();
  let csr: Pkcs10CertificateRequest;
  let csrDer: Uint8Array;
  try {
    csrDer = fromPemOrBase64(request.csr);
    csr = new x509.Pkcs10CertificateRequest(csrDer);
  } catch {
    return refuse(400, '400.002.0002', 'The CSR is not a PKCS#10 certificate request');
  }
  if (!(await csr.verify().catch(() => false))) {
    return refuse(400, '400.002.0003', 'The CSR signature does not verify');
  }
  const key = checkCsrKey(csr);
  if (!key.ok) return refuse(400, '400.002.0004', `The CSR key is not allowed: ${key.reason}`);

  const emails = request.overrides?.requestExtensions?.requestRFC822?.values ?? csrEmails(x509, csr);
  const email = emails[0];
  if (email === undefined)
    return refuse(400, '400.003.0001', 'An S/MIME certificate needs an RFC822 e-mail address');
  const badEmail = emails.find((e) => !isValidMailbox(e));
  if (badEmail !== undefined) return refuse(400, '400.003.0002', `Invalid RFC822 address ${badEmail}`);

  const subject = subjectOf(request.overrides?.subjectDN ?? undefined, csr);
  if (typeof subject === 'string') return refuse(400, '400.004.0001', subject);
  const get = (oid: string): string | undefined => subject.find(([o]) => o === oid)?.[1];
  // Every subject problem in one answer, as a pre-flight wants them.
  const problems: Array<[string, string]> = [];
  if (get(OID.ou) !== undefined) problems.push(['400.004.0002', 'The subject must not contain an OU']);
  for (const name of product.requiredSubject ?? []) {
    const oid = DN_ATTRIBUTE_OIDS[name];
    if (oid !== undefined && (get(oid) ?? '') === '') {
      problems.push([
        '400.004.0007',
        `Product ${product.name} requires the subject attribute ${name.toUpperCase()}`,
      ]);
    }
  }
  const country = get(OID.c);
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) {
    problems.push(['400.004.0008', `The subject C "${country}" is not a two-letter country code`]);
  }
  const cn = get(OID.cn);
  if (cn === undefined || cn === '') problems.push(['400.004.0003', 'The subject needs a CN']);
  // Team products: the CN is the team's name or its address, never another address.
  else if (product.kind === 'team' && cn.includes('@') && cn.toLowerCase() !== email.toLowerCase()) {
    problems.push([
      '400.004.0004',
      `Product ${product.name}: the CN must be the team name or the address ${email}`,
    ]);
  } else if (product.kind === 'personal') {
    const given = get(OID.gn);
    const surname = get(OID.sn);
    if (cn.includes('@') || (given && surname && cn !== `${given} ${surname}`)) {
      problems.push(['400.004.0005', `Product ${product.name}: the CN must be the given name and surname`]);
    }
  }
  const subjectEmail = get(OID.email);
  if (subjectEmail !== undefined && !emails.some((e) => e.toLowerCase() === subjectEmail.toLowerCase())) {
    problems.push(['400.004.0006', 'The subject e-mail is not among the RFC822 addresses']);
  }
  const first = problems[0];
  if (first) return { status: 400, code: first[0], messages: problems.map(([, m]) => m) };
  return { product, csr, csrDer, email, subject };
}

/** True when `x` is a refusal. */
export function isRefusal(x: IssueDraft | Refusal): x is Refusal {
  return 'status' in x;
}

function subjectOf(
  override: string | undefined,
  csr: Pkcs10CertificateRequest,
): Array<[string, string]> | string {
  if (override === undefined || override.trim() === '') {
    return csr.subjectName
      .toJSON()
      .flatMap((rdn) =>
        Object.entries(rdn).flatMap(([oid, values]) => values.map((v): [string, string] => [oidOf(oid), v])),
      );
  }
  const parsed = parseDn(override);
  if (!parsed) return `The subject DN "${override}" cannot be parsed`;
  const out: Array<[string, string]> = [];
  for (const a of parsed) {
    const oid = DN_ATTRIBUTE_OIDS[a.type];
    if (!oid) return `Unsupported subject attribute "${a.type}"`;
    if (a.value !== '') out.push([oid, a.value]);
  }
  return out;
}

/** x509's JSON names use short names for well-known types: map them back to OIDs. */
function oidOf(name: string): string {
  const short: Record<string, string> = { CN: OID.cn, OU: OID.ou, G: OID.gn, SN: OID.sn, E: OID.email };
  return short[name] ?? DN_ATTRIBUTE_OIDS[name.toLowerCase()] ?? name;
}

function csrEmails(x509: typeof X509, csr: Pkcs10CertificateRequest): string[] {
  const raw = csr.getExtension('2.5.29.17');
  const san = raw ? new x509.SubjectAlternativeNameExtension(raw.rawData) : undefined;
  return san?.names.items.filter((n) => n.type === 'email').map((n) => n.value) ?? [];
}

function refuse(status: 400 | 404, code: string, message: string): Refusal {
  return { status, code, messages: [message] };
}
