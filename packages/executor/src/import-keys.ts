import type { TenantConfig } from '@usesync/config';
import { pgpMinimumKeyBits } from '@usesync/config';
import type { CertificateRecord, KeyImportResult, PgpKeyRecord, Secret, Store } from '@usesync/domain';
import { importPgpKeys } from '@usesync/pgp';
import { type CertificateInfo, certificateToPem, parseCertificates, readPkcs12 } from '@usesync/x509';
import type { InputFile } from './inputs.js';

/** Options of {@link importKeys}. */
export interface ImportKeysOptions {
  readonly now: Date;
  /** The tenant's default import passphrase (from `smime.defaultImportPassphrase`), tried first. */
  readonly defaultPassphrase?: Secret;
}

/** An uploaded key file and the folder it came from. */
export interface KeyFile extends InputFile {
  /** `public`: public keys and certificates; `private`: PKCS#12 and PGP private keys. */
  readonly folder: 'public' | 'private';
}

type Kind = KeyImportResult['kind'];

function kindOf(f: KeyFile): Kind {
  const lower = f.name.toLowerCase();
  if (/\.(p12|pfx)$/.test(lower)) return 'pkcs12';
  const head = Buffer.from(f.bytes.subarray(0, 4096)).toString('latin1');
  if (head.includes('-----BEGIN PGP PRIVATE KEY')) return 'pgp-private';
  if (head.includes('-----BEGIN PGP')) return 'pgp-public';
  if (/\.(crt|cer|pem|der|p7b|p7c)$/.test(lower) || head.includes('-----BEGIN CERTIFICATE'))
    return 'certificate';
  if (/\.(asc|gpg|pgp|key)$/.test(lower)) return f.folder === 'private' ? 'pgp-private' : 'pgp-public';
  return f.folder === 'private' ? 'pkcs12' : 'certificate';
}

/**
 * Imports uploaded key files (the manual's "Key import"): PGP public keys and X.509 certificates
 * from the public folder, PKCS#12 files and PGP private keys from the private folder (passphrases:
 * the tenant default first, then the synced list). One result per file; the caller removes a
 * file from its folder only when its result is `imported`. The executor takes bytes and names;
 * the apps read the folders. Messages never name a passphrase.
 */
export async function importKeys(
  store: Store,
  config: TenantConfig,
  files: readonly KeyFile[],
  options: ImportKeysOptions,
): Promise<KeyImportResult[]> {
  const list = files.some((f) => f.folder === 'private') ? await store.listPassphrases(config.tenant.id) : [];
  const passphrases = options.defaultPassphrase ? [options.defaultPassphrase, ...list] : list;
  const out: KeyImportResult[] = [];
  for (const f of files) out.push(await importKeyFile(store, config, f, { now: options.now, passphrases }));
  return out;
}

/**
 * Imports one uploaded key file (see {@link importKeys}), trying the candidate passphrases in
 * order. Never throws for bad content: the result says why it failed, without naming a passphrase.
 */
export async function importKeyFile(
  store: Store,
  config: TenantConfig,
  f: KeyFile,
  options: { readonly now: Date; readonly passphrases: readonly Secret[] },
): Promise<KeyImportResult> {
  const tenant = config.tenant.id;
  const { passphrases } = options;
  const kind = kindOf(f);
  const fail = (message: string): KeyImportResult => ({ file: f.name, kind, status: 'failed', message });
  try {
    if (kind === 'pkcs12') {
      const r = await readPkcs12(f.bytes, { passphrases }, { fileName: f.name });
      if (!r.ok) return fail(r.diagnostic.message);
      const rec = certificateRecord(r.certificate);
      if (!rec) {
        return fail('the certificate names no e-mail address');
      }
      await store.transaction(tenant, async (tx) => {
        await tx.archiveKey(
          tenant,
          {
            address: rec.address,
            kind: 'smime',
            reference: rec.serial,
            format: 'pkcs8-der',
            createdAt: options.now.toISOString(),
          },
          r.key.toPkcs8Der(),
        );
        await tx.putCertificates(tenant, [rec]);
      });
      return { file: f.name, kind, status: 'imported', address: rec.address, reference: rec.serial };
    } else if (kind === 'certificate') {
      const parsed = await parseCertificates(f.bytes, { fileName: f.name });
      const leaves = parsed.value.filter((c) => !c.isCa);
      const records = leaves.map(certificateRecord).filter((r): r is CertificateRecord => r !== undefined);
      if (records.length === 0) {
        const why = parsed.diagnostics.find((d) => d.severity === 'error')?.message;
        return fail(why ?? 'no end-entity certificate with an e-mail address');
      }
      await store.putCertificates(tenant, records);
      return {
        file: f.name,
        kind,
        status: 'imported',
        address: records[0]!.address,
        reference: records.map((r) => r.serial).join(', '),
      };
    } else {
      const minRsaBits = pgpMinimumKeyBits(config);
      const r = await importPgpKeys(f.bytes, { now: options.now, passphrases, policy: { minRsaBits } });
      const accepted = r.keys.filter((k) => k.accepted && k.info.addresses.length > 0);
      if (accepted.length === 0) {
        const why = [...r.problems, ...r.keys.flatMap((k) => k.problems)].find((p) => p.severity === 'error');
        return fail(why?.message ?? 'no usable key with an e-mail address');
      }
      await store.transaction(tenant, async (tx) => {
        for (const k of accepted) {
          if (k.privateKeyArmored) {
            await tx.archiveKey(
              tenant,
              {
                address: k.info.addresses[0]!,
                kind: 'pgp',
                reference: k.info.fingerprint,
                format: 'openpgp-armored',
                createdAt: options.now.toISOString(),
              },
              new TextEncoder().encode(k.privateKeyArmored.reveal()),
            );
          }
          await tx.putPgpKeys(tenant, [pgpRecord(k.info, k.publicKeyArmored)]);
        }
      });
      return {
        file: f.name,
        kind,
        status: 'imported',
        address: accepted[0]!.info.addresses[0]!,
        reference: accepted.map((k) => k.info.fingerprint).join(', '),
      };
    }
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}

function certificateRecord(c: CertificateInfo): CertificateRecord | undefined {
  const address = c.emails[0];
  if (address === undefined) return undefined;
  return {
    address,
    serial: c.serial,
    issuerDn: c.issuerDn,
    subjectDn: c.subjectDn,
    sanEmails: c.sanEmails,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    status: 'active',
    team: false,
    origin: 'imported',
    certificatePem: certificateToPem(c),
  };
}

function pgpRecord(
  info: Awaited<ReturnType<typeof importPgpKeys>>['keys'][number]['info'],
  publicKeyArmored: string,
): PgpKeyRecord {
  return {
    address: info.addresses[0]!,
    fingerprint: info.fingerprint,
    algorithm: info.algorithm,
    bits: info.bits ?? 0,
    userId: info.userIds[0] ?? '',
    created: info.created.toISOString(),
    expires: info.expires ? info.expires.toISOString() : null,
    status: 'active',
    origin: 'imported',
    publicKeyArmored,
  };
}
