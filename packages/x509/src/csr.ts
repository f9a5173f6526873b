import { UsesyncError } from '@usesync/domain';
import { toPem } from './internal/pem.js';
import { loadX509, nativeCrypto } from './internal/runtime.js';
import {
  generatePrivateKey,
  hashFor,
  type KeySpec,
  type PrivateKey,
  signingAlgorithmFor,
  signingKeyPair,
} from './private-key.js';
import { buildSubject, type SubjectAttributeType, type SubjectRequest } from './subject.js';

/** A PKCS#10 certificate signing request. */
export interface CertificateRequest {
  readonly pem: string;
  readonly der: Uint8Array;
  /** The subject DN as written into the request (RFC 4514 style). */
  readonly subjectDn: string;
  /** The address in the rfc822Name SAN (normalised). */
  readonly address: string;
}

/** A request for a new key pair plus CSR. */
export interface CsrRequest extends SubjectRequest {
  readonly keySpec: KeySpec;
}

/** A freshly generated private key and the CSR signed with it. */
export interface KeyAndCsr {
  readonly privateKey: PrivateKey;
  readonly csr: CertificateRequest;
}

const ATTRIBUTE_OIDS: Record<SubjectAttributeType, string> = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  street: '2.5.4.9',
  postalCode: '2.5.4.17',
  O: '2.5.4.10',
  SN: '2.5.4.4',
  GN: '2.5.4.42',
  CN: '2.5.4.3',
  E: '1.2.840.113549.1.9.1',
};

type NameValue = { printableString: string } | { ia5String: string } | { utf8String: string };

function encodedValue(type: SubjectAttributeType, value: string): NameValue {
  // C is a PrintableString and emailAddress an IA5String by their ASN.1 definitions; RFC 5280
  // wants UTF8String for everything else.
  if (type === 'C') return { printableString: value };
  if (type === 'E') return { ia5String: value };
  return { utf8String: value };
}

/**
 * Creates a CSR for an existing key: subject by {@link buildSubject}, rfc822Name SAN, key usage
 * (digitalSignature + keyEncipherment for RSA, + keyAgreement for EC) and the emailProtection EKU
 * as requested extensions; signed with SHA-256 (SHA-384 for P-384).
 * @throws UsesyncError `X509_BAD_SUBJECT` (see {@link buildSubject}), `X509_UNSUPPORTED_KEY`.
 */
export async function createCsr(request: SubjectRequest, key: PrivateKey): Promise<CertificateRequest> {
  const subject = buildSubject(request);
  const lib = await loadX509();
  const name = new lib.Name(
    subject.attributes.map((a) => ({ [ATTRIBUTE_OIDS[a.type]]: [encodedValue(a.type, a.value)] })),
  );
  const usage =
    lib.KeyUsageFlags.digitalSignature |
    (key.algorithm.kind === 'rsa' ? lib.KeyUsageFlags.keyEncipherment : lib.KeyUsageFlags.keyAgreement);
  try {
    const csr = await lib.Pkcs10CertificateRequestGenerator.create(
      {
        name,
        keys: signingKeyPair(key),
        signingAlgorithm: { ...signingAlgorithmFor(key.algorithm), hash: hashFor(key.algorithm) },
        extensions: [
          new lib.SubjectAlternativeNameExtension([{ type: 'email', value: subject.address }]),
          new lib.KeyUsagesExtension(usage, true),
          new lib.ExtendedKeyUsageExtension([lib.ExtendedKeyUsage.emailProtection]),
        ],
      },
      nativeCrypto,
    );
    const der = new Uint8Array(csr.rawData);
    return { pem: toPem('CERTIFICATE REQUEST', der), der, subjectDn: csr.subject, address: subject.address };
  } catch (cause) {
    if (cause instanceof UsesyncError) throw cause;
    throw new UsesyncError('X509_CSR', `Cannot create CSR for ${subject.address}: signing failed`, { cause });
  }
}

/**
 * Generates a key pair ({@link generatePrivateKey}) and a CSR for it ({@link createCsr}).
 * @throws UsesyncError as those two do.
 */
export async function createKeyAndCsr(request: CsrRequest): Promise<KeyAndCsr> {
  // Validate the subject before spending time on key generation.
  buildSubject(request);
  const privateKey = await generatePrivateKey(request.keySpec);
  return { privateKey, csr: await createCsr(request, privateKey) };
}
