import type { CertificateEvent } from '@usesync/domain';
import { UsesyncError } from '@usesync/domain';
import { type Zippable, zipSync } from 'fflate';

/** Options of {@link certificatesZip}. */
export interface CertificatesZipOptions {
  /** Modification time stored for every entry (ISO-8601); default 1980-01-01, so output is reproducible. */
  readonly mtime?: string;
}

const PEM_CERT = /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]*?\r?\n-----END CERTIFICATE-----\s*$/;

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9@._-]/g, '_');
}

function checkPem(what: string, pem: string): string {
  // A private key must never leave the gateway; refuse anything that is not exactly certificates.
  if (/PRIVATE KEY/.test(pem)) {
    throw new UsesyncError('REPORT_PRIVATE_KEY', `Cannot zip ${what}: it contains a private key block`);
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0 || !blocks.every((b) => PEM_CERT.test(b))) {
    throw new UsesyncError('REPORT_NOT_A_CERTIFICATE', `Cannot zip ${what}: it is not a PEM certificate`);
  }
  return `${blocks.join('\n')}\n`;
}

/** The entry name of a certificate in the zip: `<address>_<serial>.crt`. */
export function certificateFileName(event: Pick<CertificateEvent, 'address' | 'serial'>): string {
  return `${safeName(event.address)}_${safeName(event.serial)}.crt`;
}

/**
 * Zips the created and renewed certificates (one PEM `.crt` each, named by address and serial)
 * and the CA chain (`ca-chain.crt`, issuing CA first). Revoked certificates are not included.
 * Refuses any input holding a private key. Deterministic: the same input gives the same bytes.
 */
export function certificatesZip(
  events: readonly CertificateEvent[],
  chainPem: readonly string[],
  options: CertificatesZipOptions = {},
): Uint8Array {
  const mtime = new Date(options.mtime ?? '1980-01-01T00:00:00Z');
  const enc = new TextEncoder();
  const files: Zippable = {};
  for (const e of events) {
    if (e.event === 'revoked') continue;
    if (e.certificatePem === undefined) {
      throw new UsesyncError(
        'REPORT_NOT_A_CERTIFICATE',
        `Cannot zip certificate ${e.serial}: its PEM is missing`,
      );
    }
    files[certificateFileName(e)] = [
      enc.encode(checkPem(`certificate ${e.serial}`, e.certificatePem)),
      { mtime },
    ];
  }
  if (chainPem.length > 0) {
    const chain = chainPem.map((p, i) => checkPem(`chain certificate ${i + 1}`, p)).join('');
    files['ca-chain.crt'] = [enc.encode(chain), { mtime }];
  }
  return zipSync(files, { level: 6, mtime });
}
