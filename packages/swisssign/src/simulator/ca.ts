import { createPublicKey, randomBytes, type webcrypto } from 'node:crypto';
import type { Pkcs10CertificateRequest, X509Certificate } from '@peculiar/x509';
import { toBase64, toPem } from '../internal/pem.js';
import { loadX509 } from '../internal/x509.js';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
/** CA/B Forum S/MIME baseline: subscriber certificates live at most 825 days. */
export const MAX_LEAF_DAYS = 825;
/** S/MIME BR reserved policies (multipurpose generation): mailbox- and individual-validated. */
export const SMIME_POLICIES = { team: '2.23.140.1.5.1.2', personal: '2.23.140.1.5.4.2' } as const;

/** The CA's keys and certificates, as stored in the simulator's state file. */
export interface CaMaterial {
  readonly rootKey: string;
  readonly rootCert: string;
  readonly issuingKey: string;
  readonly issuingCert: string;
}

/** What a leaf is issued for. */
export interface LeafRequest {
  readonly csr: Pkcs10CertificateRequest;
  /** Subject as OID → value pairs, in order. */
  readonly subject: ReadonlyArray<readonly [string, string]>;
  readonly email: string;
  readonly kind: 'personal' | 'team';
  readonly notBefore: Date;
  readonly days: number;
  readonly crlUrl: string;
}

/** Result of checking a CSR's public key against the S/MIME baseline. */
export type KeyCheck = { ok: true; description: string } | { ok: false; reason: string };

/**
 * A two-level local CA (root → S/MIME issuing CA) that signs S/MIME leaves per the CA/B Forum
 * baseline and CRLs. Test material only: its keys live in memory or the simulator's state file.
 */
export class LocalCa {
  private constructor(
    readonly root: X509Certificate,
    readonly issuing: X509Certificate,
    private readonly rootKey: webcrypto.CryptoKey,
    private readonly issuingKey: webcrypto.CryptoKey,
  ) {}

  /** Creates a new root and issuing CA valid from `now` for 10 years. */
  static async create(now: Date, label = 'usesync simulated SwissSign'): Promise<LocalCa> {
    const x509 = await loadX509();
    const rootKeys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
    const issuingKeys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
    const notBefore = new Date(now.getTime() - DAY);
    const notAfter = new Date(now.getTime() + 3650 * DAY);
    const rootName = `CN=${label} Root CA, O=usesync simulator, C=CH`;
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: rootName,
      notBefore,
      notAfter,
      keys: rootKeys,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
      ],
    });
    const issuing = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${label} S/MIME Issuing CA, O=usesync simulator, C=CH`,
      issuer: root.subject,
      notBefore,
      notAfter,
      publicKey: issuingKeys.publicKey,
      signingKey: rootKeys.privateKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection]),
        await x509.SubjectKeyIdentifierExtension.create(issuingKeys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(root),
      ],
    });
    return new LocalCa(root, issuing, rootKeys.privateKey, issuingKeys.privateKey);
  }

  /** Restores a CA saved with {@link LocalCa.export}. */
  static async load(material: CaMaterial): Promise<LocalCa> {
    const x509 = await loadX509();
    const key = (b64: string): Promise<webcrypto.CryptoKey> =>
      crypto.subtle.importKey('pkcs8', Buffer.from(b64, 'base64'), EC, true, ['sign']);
    return new LocalCa(
      new x509.X509Certificate(Buffer.from(material.rootCert, 'base64')),
      new x509.X509Certificate(Buffer.from(material.issuingCert, 'base64')),
      await key(material.rootKey),
      await key(material.issuingKey),
    );
  }

  /** Keys and certificates for the state file. */
  async export(): Promise<CaMaterial> {
    const pkcs8 = async (k: webcrypto.CryptoKey): Promise<string> =>
      toBase64(new Uint8Array(await crypto.subtle.exportKey('pkcs8', k)));
    return {
      rootKey: await pkcs8(this.rootKey),
      rootCert: toBase64(new Uint8Array(this.root.rawData)),
      issuingKey: await pkcs8(this.issuingKey),
      issuingCert: toBase64(new Uint8Array(this.issuing.rawData)),
    };
  }

  /** Issuing CA then root, PEM: the `-CAfile` for `openssl verify`. */
  get caCertificatesPem(): string {
    return `${pem(this.issuing)}${pem(this.root)}`;
  }

  /** Signs an S/MIME leaf for `request`. */
  async issueLeaf(request: LeafRequest): Promise<X509Certificate> {
    const x509 = await loadX509();
    const rsa = request.csr.publicKey.algorithm.name.startsWith('RSA');
    const usage =
      x509.KeyUsageFlags.digitalSignature |
      (rsa ? x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.keyAgreement);
    const days = Math.min(request.days, MAX_LEAF_DAYS);
    return x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: request.subject.map(([oid, value]) => ({ [oid]: [value] })),
      issuer: this.issuing.subject,
      notBefore: request.notBefore,
      notAfter: new Date(request.notBefore.getTime() + days * DAY),
      publicKey: request.csr.publicKey,
      signingKey: this.issuingKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usage, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection]),
        new x509.SubjectAlternativeNameExtension(
          [{ type: 'email', value: request.email }],
          request.subject.length === 0,
        ),
        new x509.CertificatePolicyExtension([SMIME_POLICIES[request.kind]]),
        new x509.CRLDistributionPointsExtension([request.crlUrl]),
        await x509.SubjectKeyIdentifierExtension.create(request.csr.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(this.issuing),
      ],
    });
  }

  /** A DER CRL of the issuing CA listing `entries`. */
  async crl(
    entries: ReadonlyArray<{ serial: string; date: Date; reason: number }>,
    now: Date,
  ): Promise<Uint8Array> {
    const x509 = await loadX509();
    const crl = await x509.X509CrlGenerator.create({
      issuer: this.issuing.subject,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + DAY),
      signingKey: this.issuingKey,
      signingAlgorithm: SIGNING,
      entries: entries.map((e) => ({ serialNumber: e.serial, revocationDate: e.date, reason: e.reason })),
      extensions: [await x509.AuthorityKeyIdentifierExtension.create(this.issuing)],
    });
    return new Uint8Array(crl.rawData);
  }
}

/** Checks a CSR key against the S/MIME baseline: RSA ≥ 2048 bits or ECDSA P-256/384/521. */
export function checkCsrKey(csr: Pkcs10CertificateRequest): KeyCheck {
  const key = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    return bits >= 2048
      ? { ok: true, description: `RSA-${bits}` }
      : { ok: false, reason: `RSA key of ${bits} bits is below 2048` };
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = details.namedCurve ?? '';
    return ['prime256v1', 'secp384r1', 'secp521r1'].includes(curve)
      ? { ok: true, description: `EC ${curve}` }
      : { ok: false, reason: `EC curve ${curve || 'unknown'} is not allowed` };
  }
  return { ok: false, reason: `key type ${key.asymmetricKeyType ?? 'unknown'} is not allowed` };
}

/** A positive 159-bit random serial in hex (CA/B Forum: ≥ 64 bits of CSPRNG output). */
function serial(): string {
  const bytes = randomBytes(20);
  bytes[0] = (bytes[0] as number) & 0x7f || 0x01;
  return bytes.toString('hex').toUpperCase();
}

function pem(cert: X509Certificate): string {
  return toPem(new Uint8Array(cert.rawData), 'CERTIFICATE');
}
