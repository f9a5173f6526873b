import { createHash, createPublicKey } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { type Diagnostic, diagnostic, normalizeAddress, type Parsed, UsesyncError } from '@usesync/domain';
import { X509Codes } from './codes.js';
import { looksLikePem, pemBlocks, toPem } from './internal/pem.js';
import { loadX509 } from './internal/runtime.js';
import { describeKey, type KeyAlgorithmInfo } from './private-key.js';

/** Names of the X.509 key usage bits (RFC 5280 §4.2.1.3). */
export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

const KEY_USAGE_BITS: readonly (readonly [KeyUsageName, number])[] = [
  ['digitalSignature', 1],
  ['nonRepudiation', 2],
  ['keyEncipherment', 4],
  ['dataEncipherment', 8],
  ['keyAgreement', 16],
  ['keyCertSign', 32],
  ['cRLSign', 64],
  ['encipherOnly', 128],
  ['decipherOnly', 256],
];

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

/** What usesync needs to know about a certificate. Field names follow `CertificateRecord`. */
export interface CertificateInfo {
  /** The DER encoding. */
  readonly der: Uint8Array;
  /** Lower-case hex serial number, no separators, no leading zeros. */
  readonly serial: string;
  /** Issuer DN in RFC 4514 style, e.g. `CN=Test CA, O=Example, C=CH`. */
  readonly issuerDn: string;
  /** Subject DN in RFC 4514 style. */
  readonly subjectDn: string;
  /** The first subject CN, when there is one. */
  readonly commonName?: string;
  /** rfc822Name entries of the subjectAltName extension, as written. */
  readonly sanEmails: readonly string[];
  /** SAN e-mails and subject `emailAddress` values, normalised (lower case), without duplicates. */
  readonly emails: readonly string[];
  /** ISO-8601 UTC. */
  readonly notBefore: string;
  /** ISO-8601 UTC. */
  readonly notAfter: string;
  /** Key usage bits that are set; empty when the extension is absent. */
  readonly keyUsage: readonly KeyUsageName[];
  /** Extended key usages by name (`emailProtection`, …) or OID when unknown; empty when absent. */
  readonly extendedKeyUsage: readonly string[];
  /** Lower-case hex SHA-256 of the DER encoding. */
  readonly fingerprintSha256: string;
  /** True when basicConstraints says `cA`. */
  readonly isCa: boolean;
  /** True when issuer DN equals subject DN. */
  readonly selfIssued: boolean;
  /** The certified public key's type and size. */
  readonly publicKey: KeyAlgorithmInfo;
}

/** Options for {@link parseCertificates}. */
export interface ParseCertificatesOptions {
  /** Name of the file, used in messages. */
  readonly fileName?: string;
}

function hexSerial(hex: string): string {
  const s = hex.toLowerCase().replace(/^0+/, '');
  return s === '' ? '0' : s;
}

function publicKeyInfo(spki: ArrayBuffer, algorithmOid: string): KeyAlgorithmInfo {
  try {
    return describeKey(createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }));
  } catch {
    return { kind: 'other', type: algorithmOid };
  }
}

function infoFrom(lib: typeof X509, cert: X509.X509Certificate): CertificateInfo {
  const der = new Uint8Array(cert.rawData);
  const san = cert.getExtension(lib.SubjectAlternativeNameExtension);
  const sanEmails = (san?.names.items ?? []).filter((n) => n.type === 'email').map((n) => n.value);
  const subjectEmails = cert.subjectName.getField('1.2.840.113549.1.9.1');
  const emails = [...new Set([...sanEmails, ...subjectEmails].map((e) => normalizeAddress(e)))];
  const ku = cert.getExtension(lib.KeyUsagesExtension)?.usages ?? 0;
  const eku = cert.getExtension(lib.ExtendedKeyUsageExtension)?.usages ?? [];
  const commonName = cert.subjectName.getField('CN')[0];
  const info: CertificateInfo = {
    der,
    serial: hexSerial(cert.serialNumber),
    issuerDn: cert.issuer,
    subjectDn: cert.subject,
    sanEmails,
    emails,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    keyUsage: KEY_USAGE_BITS.filter(([, bit]) => (ku & bit) !== 0).map(([name]) => name),
    extendedKeyUsage: eku.map((oid) => EKU_NAMES[String(oid)] ?? String(oid)),
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    isCa: cert.getExtension(lib.BasicConstraintsExtension)?.ca ?? false,
    selfIssued: cert.issuer === cert.subject,
    publicKey: publicKeyInfo(cert.publicKey.rawData, cert.publicKey.algorithm.name),
  };
  return commonName === undefined ? info : { ...info, commonName };
}

/**
 * Parses one DER certificate.
 * @throws UsesyncError `X509_BAD_CERTIFICATE` when the bytes are not an X.509 certificate.
 */
export async function parseCertificateDer(der: Uint8Array): Promise<CertificateInfo> {
  const lib = await loadX509();
  try {
    return infoFrom(lib, new lib.X509Certificate(Buffer.from(der)));
  } catch (cause) {
    throw new UsesyncError('X509_BAD_CERTIFICATE', 'Cannot parse certificate: not a DER X.509 certificate', {
      cause,
    });
  }
}

function tryCertificates(lib: typeof X509, der: Uint8Array): CertificateInfo[] | undefined {
  try {
    return [infoFrom(lib, new lib.X509Certificate(Buffer.from(der)))];
  } catch {
    // not a single certificate: maybe a PKCS#7 bundle
  }
  try {
    return [...new lib.X509Certificates(Buffer.from(der))].map((c) => infoFrom(lib, c));
  } catch {
    return undefined;
  }
}

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE']);
const BUNDLE_LABELS = new Set(['PKCS7', 'CMS', 'PKCS #7 SIGNED DATA']);

/**
 * Reads certificates from a file: PEM (one or many `CERTIFICATE` blocks, or `PKCS7`), DER, or a DER
 * PKCS#7 certs-only bundle (`.p7b`/`.p7c`). Bad input is reported as diagnostics (line of the PEM
 * block, or 1:1 for DER), never thrown; good certificates are returned even when others fail.
 */
export async function parseCertificates(
  input: Uint8Array | string,
  options: ParseCertificatesOptions = {},
): Promise<Parsed<CertificateInfo[]>> {
  const lib = await loadX509();
  const what = options.fileName === undefined ? 'The file' : `"${options.fileName}"`;
  const certificates: CertificateInfo[] = [];
  const diagnostics: Diagnostic[] = [];
  const text =
    typeof input === 'string' ? input : looksLikePem(input) ? Buffer.from(input).toString('utf8') : undefined;
  if (text === undefined) {
    const found = tryCertificates(lib, input as Uint8Array);
    if (found === undefined) {
      diagnostics.push(
        diagnostic(
          'error',
          X509Codes.NotACertificate,
          `${what} is not a certificate (neither PEM nor DER).`,
          1,
          1,
        ),
      );
    } else {
      certificates.push(...found);
    }
  } else {
    for (const block of pemBlocks(text)) {
      const at = `${what}, PEM block "${block.label}"`;
      if (!block.ok) {
        diagnostics.push(
          diagnostic(
            'error',
            X509Codes.DamagedPemBlock,
            `${at} is damaged (bad base64 or END line).`,
            block.line,
            1,
          ),
        );
      } else if (CERT_LABELS.has(block.label) || BUNDLE_LABELS.has(block.label)) {
        const found = tryCertificates(lib, block.der);
        if (found === undefined) {
          diagnostics.push(
            diagnostic(
              'error',
              X509Codes.NotACertificate,
              `${at} does not hold a valid certificate.`,
              block.line,
              1,
            ),
          );
        } else {
          certificates.push(...found);
        }
      } else {
        diagnostics.push(
          diagnostic(
            'warning',
            X509Codes.SkippedPemBlock,
            `${at} is not a certificate and was skipped.`,
            block.line,
            1,
          ),
        );
      }
    }
  }
  if (certificates.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(diagnostic('error', X509Codes.NoCertificate, `${what} holds no certificate.`, 1, 1));
  }
  return { value: certificates, diagnostics };
}

/** The certificate as PEM (`BEGIN CERTIFICATE`). */
export function certificateToPem(certificate: CertificateInfo | Uint8Array): string {
  return toPem('CERTIFICATE', certificate instanceof Uint8Array ? certificate : certificate.der);
}
