import { type Diagnostic, diagnostic, type Secret, UsesyncError } from '@usesync/domain';
import { type CertificateInfo, parseCertificateDer } from './certificate.js';
import { X509Codes } from './codes.js';
import { decode, sequence } from './internal/der.js';
import {
  classifyScheme,
  decrypt,
  type MacData,
  readMacData,
  type SchemeClass,
  SchemeError,
  verifyMac,
} from './internal/pkcs12-crypto.js';
import {
  type Bag,
  type Encrypted,
  type Pkcs12Structure,
  parsePkcs12,
  parseSafeContents,
} from './internal/pkcs12-structure.js';
import { keyMatchesCertificate } from './key-match.js';
import { PrivateKey } from './private-key.js';

/** The passphrases to try on uploaded PKCS#12 files, in the manual's order. */
export interface Pkcs12Passphrases {
  /** The tenant's default import passphrase: tried first, on every file. */
  readonly defaultPassphrase?: Secret;
  /** Passphrases synced by `passphrase:…;smimeimport` lines, tried in this order after the default. */
  readonly passphrases: readonly Secret[];
}

/** Which passphrase opened a file. Bookkeeping only: it is never shown in messages. */
export type Pkcs12OpenedWith =
  | { readonly source: 'default' }
  | { readonly source: 'list'; readonly index: number }
  | { readonly source: 'unprotected' };

/** A PKCS#12 file that opened: its key, the certificate for the key and the other certificates. */
export interface Pkcs12Opened {
  readonly ok: true;
  readonly key: PrivateKey;
  readonly certificate: CertificateInfo;
  /** The other certificates of the file (usually the issuing chain), in file order. */
  readonly chain: readonly CertificateInfo[];
  /**
   * Which passphrase opened the file. Not enumerable, so it stays out of `JSON.stringify`,
   * `util.inspect` and test snapshots; read it explicitly where it is needed.
   */
  readonly openedWith: Pkcs12OpenedWith;
}

/** A PKCS#12 file that could not be used, with one diagnostic that says why. */
export interface Pkcs12Failed {
  readonly ok: false;
  readonly diagnostic: Diagnostic;
}

/** The outcome for one PKCS#12 file. */
export type Pkcs12ReadResult = Pkcs12Opened | Pkcs12Failed;

/** Options for {@link readPkcs12}. */
export interface ReadPkcs12Options {
  /** Name of the file, used in messages. */
  readonly fileName?: string;
}

/**
 * The shell commands that convert a legacy (RC2/RC4/DES) PKCS#12 file with OpenSSL 3, passphrase in
 * the environment variable P12PASS (never on the command line). The intermediate PEM keeps the key
 * encrypted; OpenSSL 3.0 cannot do this in a pipe (`-export` reads its input twice).
 */
export const LEGACY_CONVERSION_COMMAND =
  'openssl pkcs12 -legacy -in old.p12 -passin env:P12PASS -passout env:P12PASS -out old.pem && ' +
  'openssl pkcs12 -export -in old.pem -passin env:P12PASS -passout env:P12PASS -out new.p12 && rm old.pem';

type Attempt = { kind: 'opened'; bags: Bag[] } | { kind: 'wrong' } | { kind: 'scheme'; scheme: SchemeClass };

function fail(code: string, message: string, hint?: string): Pkcs12Failed {
  return {
    ok: false,
    diagnostic: diagnostic('error', code, message, 1, 1, hint === undefined ? {} : { hint }),
  };
}

function schemeFailure(what: string, scheme: SchemeClass): Pkcs12Failed {
  if (scheme.kind === 'legacy') {
    return fail(
      X509Codes.LegacyPkcs12,
      `${what} uses legacy ${scheme.name} encryption (OpenSSL -legacy or an old export), which usesync does not read.`,
      `Convert it with OpenSSL 3 (passphrase in the environment variable P12PASS) and upload new.p12: ${LEGACY_CONVERSION_COMMAND}`,
    );
  }
  const name = scheme.kind === 'unsupported' ? scheme.name : 'an unknown scheme';
  return fail(X509Codes.Pkcs12Unsupported, `${what} uses ${name}, which usesync does not support.`);
}

function looksLikePkcs8(bytes: Uint8Array): boolean {
  try {
    return (
      sequence(decode(bytes), 'PrivateKeyInfo').length >= 3 &&
      decode(bytes).raw.byteLength === bytes.byteLength
    );
  } catch {
    return false;
  }
}

async function open(structure: Pkcs12Structure, passphrase: string): Promise<Attempt> {
  const bags: Bag[] = [];
  const shrouded: Encrypted[] = [];
  for (const entry of structure.entries) {
    if (entry.kind === 'plain') {
      bags.push(...entry.bags);
      continue;
    }
    try {
      const plain = await decrypt(entry.encrypted.algorithmId, entry.encrypted.data, passphrase);
      bags.push(...parseSafeContents(plain));
    } catch (error) {
      if (error instanceof SchemeError) return { kind: 'scheme', scheme: error.scheme };
      return { kind: 'wrong' };
    }
  }
  for (const bag of bags) if (bag.kind === 'shroudedKey') shrouded.push(bag.encrypted);
  const opened: Bag[] = bags.filter((b) => b.kind !== 'shroudedKey');
  for (const encrypted of shrouded) {
    const scheme = classifyScheme(encrypted.algorithmId);
    if (scheme.kind !== 'supported') return { kind: 'scheme', scheme };
    try {
      const pkcs8 = await decrypt(encrypted.algorithmId, encrypted.data, passphrase);
      if (!looksLikePkcs8(pkcs8)) return { kind: 'wrong' };
      opened.push({ kind: 'key', pkcs8 });
    } catch {
      return { kind: 'wrong' };
    }
  }
  return { kind: 'opened', bags: opened };
}

async function assemble(
  what: string,
  bags: readonly Bag[],
  openedWith: Pkcs12OpenedWith,
): Promise<Pkcs12ReadResult> {
  const keys: PrivateKey[] = [];
  const certificates: CertificateInfo[] = [];
  for (const bag of bags) {
    if (bag.kind === 'key') {
      try {
        keys.push(PrivateKey.fromPkcs8Der(bag.pkcs8));
      } catch {
        return fail(X509Codes.Pkcs12Unsupported, `${what} holds a private key of a type usesync cannot use.`);
      }
    } else if (bag.kind === 'certificate') {
      try {
        certificates.push(await parseCertificateDer(bag.der));
      } catch {
        return fail(X509Codes.Pkcs12Damaged, `${what} holds a certificate that cannot be parsed.`);
      }
    }
  }
  const [key, ...more] = keys;
  if (key === undefined) return fail(X509Codes.Pkcs12NoKey, `${what} holds no private key.`);
  if (more.length > 0) {
    return fail(
      X509Codes.Pkcs12SeveralKeys,
      `${what} holds ${keys.length} private keys; upload one key per file.`,
    );
  }
  const certificate = certificates.find((c) => keyMatchesCertificate(key, c));
  if (certificate === undefined) {
    return fail(
      X509Codes.Pkcs12NoMatchingCertificate,
      `${what} holds a private key but no certificate for it.`,
    );
  }
  const seen = new Set([certificate.fingerprintSha256]);
  const chain = certificates.filter((c) => !seen.has(c.fingerprintSha256) && seen.add(c.fingerprintSha256));
  const result = { ok: true as const, key, certificate, chain };
  // Not enumerable: kept out of JSON, inspect output and snapshots.
  return Object.defineProperty(result, 'openedWith', {
    value: openedWith,
    enumerable: false,
  }) as typeof result & {
    readonly openedWith: Pkcs12OpenedWith;
  };
}

/**
 * Opens an uploaded PKCS#12 file: the default passphrase first, then each listed passphrase in
 * order (duplicates are tried once). PBES2 (PBKDF2 + AES/3DES) and the PKCS#12 SHA-1 3DES schemes
 * are read; RC2/RC4/DES ("legacy") files are rejected with a conversion command. Bad input is a
 * result, not an exception: exactly one diagnostic per failed file, which never names, counts or
 * quotes a passphrase. The MAC is verified with the passphrase that decrypted the file.
 */
export async function readPkcs12(
  bytes: Uint8Array,
  passphrases: Pkcs12Passphrases,
  options: ReadPkcs12Options = {},
): Promise<Pkcs12ReadResult> {
  const what = options.fileName === undefined ? 'The PKCS#12 file' : `"${options.fileName}"`;
  let structure: Pkcs12Structure;
  let mac: MacData | undefined;
  try {
    structure = parsePkcs12(bytes);
    if (structure.macData !== undefined) mac = readMacData(structure.macData);
  } catch (error) {
    if (error instanceof SchemeError) return schemeFailure(what, error.scheme);
    return fail(X509Codes.NotPkcs12, `${what} is not a PKCS#12 file (.p12/.pfx), or it is damaged.`);
  }
  const visible: Encrypted[] = structure.entries.flatMap((e) =>
    e.kind === 'encrypted'
      ? [e.encrypted]
      : e.bags.flatMap((b) => (b.kind === 'shroudedKey' ? [b.encrypted] : [])),
  );
  for (const encrypted of visible) {
    const scheme = classifyScheme(encrypted.algorithmId);
    if (scheme.kind !== 'supported') return schemeFailure(what, scheme);
  }
  if (visible.length === 0 && mac === undefined) {
    const attempt = await open(structure, '');
    if (attempt.kind === 'opened') return assemble(what, attempt.bags, { source: 'unprotected' });
  }
  const candidates: { secret: Secret; ref: Pkcs12OpenedWith }[] = [];
  if (passphrases.defaultPassphrase !== undefined) {
    candidates.push({ secret: passphrases.defaultPassphrase, ref: { source: 'default' } });
  }
  for (const [index, secret] of passphrases.passphrases.entries()) {
    if (!candidates.some((c) => c.secret.equals(secret)))
      candidates.push({ secret, ref: { source: 'list', index } });
  }
  for (const { secret, ref } of candidates) {
    const passphrase = secret.reveal();
    if (visible.length === 0) {
      // Nothing encrypted: the MAC alone tells whether the passphrase is the right one.
      if (mac !== undefined && !verifyMac(mac, passphrase, structure.authSafe)) continue;
      const attempt = await open(structure, passphrase);
      if (attempt.kind === 'opened') return assemble(what, attempt.bags, ref);
      continue;
    }
    const attempt = await open(structure, passphrase);
    if (attempt.kind === 'scheme') return schemeFailure(what, attempt.scheme);
    if (attempt.kind === 'wrong') continue;
    if (mac !== undefined && !verifyMac(mac, passphrase, structure.authSafe)) {
      return fail(
        X509Codes.Pkcs12Damaged,
        `${what} opens, but its integrity check (MAC) fails: the file is damaged.`,
      );
    }
    return assemble(what, attempt.bags, ref);
  }
  if (candidates.length === 0) {
    return fail(
      X509Codes.Pkcs12Locked,
      `Cannot open ${what}: it is protected by a passphrase and no import passphrase is configured.`,
      'Configure a default import passphrase or sync one with a "passphrase:…;smimeimport" line.',
    );
  }
  return fail(
    X509Codes.Pkcs12Locked,
    `Cannot open ${what}: neither the default passphrase nor any passphrase from the passphrase list opens it.`,
    'Sync the passphrase of this file with a "passphrase:…;smimeimport" line.',
  );
}

/** One uploaded file. */
export interface Pkcs12File {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Opens several uploaded PKCS#12 files one after another ({@link readPkcs12} each), in input order.
 * @throws UsesyncError only for bugs; every problem with a file is in its result.
 */
export async function readPkcs12Files(
  files: readonly Pkcs12File[],
  passphrases: Pkcs12Passphrases,
): Promise<{ readonly name: string; readonly result: Pkcs12ReadResult }[]> {
  const out: { name: string; result: Pkcs12ReadResult }[] = [];
  for (const file of files) {
    try {
      out.push({
        name: file.name,
        result: await readPkcs12(file.bytes, passphrases, { fileName: file.name }),
      });
    } catch (cause) {
      throw new UsesyncError('BUG', `Cannot read PKCS#12 file "${file.name}": unexpected failure`, { cause });
    }
  }
  return out;
}
