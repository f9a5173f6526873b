import { type Diagnostic, diagnostic, type Secret, UsesyncError } from '@usesync/domain';
import { type CertificateInfo, parseCertificateDer } from './certificate.js';
import { X509Codes } from './codes.js';
import {
  macMatches,
  NotPkcs12Error,
  openContainer,
  type Pkcs12Container,
  type Pkcs12Contents,
  parseContainer,
} from './internal/pkcs12-container.js';
import { loadPkcs12Lib, type Pkcs12Lib, passwordBytes } from './internal/pkcs12-lib.js';
import { SchemeError } from './internal/pkcs12-schemes.js';
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

function fail(code: string, message: string, hint?: string): Pkcs12Failed {
  return {
    ok: false,
    diagnostic: diagnostic('error', code, message, 1, 1, hint === undefined ? {} : { hint }),
  };
}

function schemeFailure(what: string, error: SchemeError): Pkcs12Failed {
  const scheme = error.scheme;
  if (scheme.kind === 'legacy') {
    return fail(
      X509Codes.LegacyPkcs12,
      `${what} uses legacy ${scheme.name} encryption (OpenSSL -legacy or an old export), which usesync does not read.`,
      `Convert it with OpenSSL 3 (passphrase in the environment variable P12PASS) and upload new.p12: ${LEGACY_CONVERSION_COMMAND}`,
    );
  }
  return fail(X509Codes.Pkcs12Unsupported, `${what} uses ${scheme.name}, which usesync does not support.`);
}

async function assemble(
  what: string,
  contents: Pkcs12Contents,
  openedWith: Pkcs12OpenedWith,
): Promise<Pkcs12ReadResult> {
  const keys: PrivateKey[] = [];
  const certificates: CertificateInfo[] = [];
  for (const pkcs8 of contents.keys) {
    try {
      keys.push(PrivateKey.fromPkcs8Der(pkcs8));
    } catch {
      return fail(X509Codes.Pkcs12Unsupported, `${what} holds a private key of a type usesync cannot use.`);
    }
  }
  for (const der of contents.certificates) {
    try {
      certificates.push(await parseCertificateDer(der));
    } catch {
      return fail(X509Codes.Pkcs12Damaged, `${what} holds a certificate that cannot be parsed.`);
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

/** The passphrases to try, in order: the default, then the list; a passphrase listed twice once. */
function candidates(passphrases: Pkcs12Passphrases): { secret: Secret; ref: Pkcs12OpenedWith }[] {
  const out: { secret: Secret; ref: Pkcs12OpenedWith }[] = [];
  if (passphrases.defaultPassphrase !== undefined) {
    out.push({ secret: passphrases.defaultPassphrase, ref: { source: 'default' } });
  }
  for (const [index, secret] of passphrases.passphrases.entries()) {
    if (!out.some((c) => c.secret.equals(secret))) out.push({ secret, ref: { source: 'list', index } });
  }
  return out;
}

type Attempt = { kind: 'opened'; contents: Pkcs12Contents } | { kind: 'wrong' } | { kind: 'damaged' };

/**
 * One passphrase on one file. With something encrypted, decryption tells a wrong passphrase (PBKDF2
 * is native and asynchronous, so wrong passphrases do not block the event loop) and the MAC, checked
 * once, tells damage. With nothing encrypted, the MAC alone decides.
 */
async function attempt(lib: Pkcs12Lib, container: Pkcs12Container, passphrase: string): Promise<Attempt> {
  const password = passwordBytes(passphrase);
  try {
    if (!container.encrypted && !(await macMatches(lib, container, password))) return { kind: 'wrong' };
    const contents = await openContainer(lib, container, password);
    if (contents === undefined) return { kind: 'wrong' };
    if (container.encrypted && !(await macMatches(lib, container, password))) return { kind: 'damaged' };
    return { kind: 'opened', contents };
  } finally {
    new Uint8Array(password).fill(0);
  }
}

/**
 * Opens an uploaded PKCS#12 file with PKI.js: the default passphrase first, then each listed
 * passphrase in order (duplicates are tried once). PBES2 (PBKDF2 + AES-CBC) and the PKCS#12 SHA-1
 * 3-key 3DES scheme are read; RC2/RC4/DES ("legacy") files are rejected with a conversion command.
 * Bad input is a result, not an exception: exactly one diagnostic per failed file, which never
 * names, counts or quotes a passphrase. The MAC is verified with the passphrase that decrypted the file.
 */
export async function readPkcs12(
  bytes: Uint8Array,
  passphrases: Pkcs12Passphrases,
  options: ReadPkcs12Options = {},
): Promise<Pkcs12ReadResult> {
  const what = options.fileName === undefined ? 'The PKCS#12 file' : `"${options.fileName}"`;
  const lib = await loadPkcs12Lib();
  let container: Pkcs12Container;
  try {
    container = parseContainer(lib, bytes);
  } catch (error) {
    if (error instanceof SchemeError) return schemeFailure(what, error);
    if (error instanceof NotPkcs12Error) {
      return fail(X509Codes.NotPkcs12, `${what} is not a PKCS#12 file (.p12/.pfx), or it is damaged.`);
    }
    throw error;
  }
  if (!container.encrypted && container.mac === undefined) {
    const contents = await openContainer(lib, container, new ArrayBuffer(0));
    if (contents !== undefined) return assemble(what, contents, { source: 'unprotected' });
  }
  const tries = candidates(passphrases);
  for (const { secret, ref } of tries) {
    const result = await attempt(lib, container, secret.reveal());
    if (result.kind === 'opened') return assemble(what, result.contents, ref);
    if (result.kind === 'damaged') {
      return fail(
        X509Codes.Pkcs12Damaged,
        `${what} opens, but its integrity check (MAC) fails: the file is damaged.`,
      );
    }
  }
  if (tries.length === 0) {
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
