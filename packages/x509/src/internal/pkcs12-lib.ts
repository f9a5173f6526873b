import { UsesyncError } from '@usesync/domain';
import type * as Asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import { decryptPbeSha1TripleDes, PBE_SHA1_3DES, readPbeParams } from './pkcs12-legacy-3des.js';
import { macEquals, pkcs12Mac } from './pkcs12-mac.js';
import { nativeCrypto } from './runtime.js';

/** PKI.js, its asn1js, and the crypto engine this package passes to every PKI.js call. */
export interface Pkcs12Lib {
  readonly pkijs: typeof Pkijs;
  readonly asn1js: typeof Asn1js;
  readonly engine: Pkijs.CryptoEngine;
}

/**
 * A PKI.js engine over Node's native WebCrypto that also decrypts the one legacy scheme usesync
 * still reads, pbeWithSHAAnd3-KeyTripleDES-CBC, which WebCrypto (and so PKI.js) lacks. Every
 * other scheme goes to PKI.js unchanged.
 */
function createEngine(pkijs: typeof Pkijs, asn1js: typeof Asn1js): Pkijs.CryptoEngine {
  // PKI.js passes ArrayBuffers, or views despite its typings: read either without copying.
  const bytes = (b: ArrayBuffer | ArrayBufferView): Uint8Array =>
    ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
  class UsesyncEngine extends pkijs.CryptoEngine {
    // The PKCS#12 MAC with its key derivation in node:crypto (PKI.js iterates SHA in JavaScript).
    override async stampDataWithPassword(
      parameters: Pkijs.CryptoEngineStampDataWithPasswordParams,
    ): Promise<ArrayBuffer> {
      const mac = pkcs12Mac(
        parameters.hashAlgorithm,
        bytes(parameters.password),
        bytes(parameters.salt),
        parameters.iterationCount,
        bytes(parameters.contentToStamp),
      );
      return mac.buffer.slice(mac.byteOffset, mac.byteOffset + mac.byteLength) as ArrayBuffer;
    }

    override async verifyDataStampedWithPassword(
      parameters: Pkijs.CryptoEngineVerifyDataStampedWithPasswordParams,
    ): Promise<boolean> {
      const mac = pkcs12Mac(
        parameters.hashAlgorithm,
        bytes(parameters.password),
        bytes(parameters.salt),
        parameters.iterationCount,
        bytes(parameters.contentToVerify),
      );
      return macEquals(mac, bytes(parameters.signatureToVerify));
    }

    override async decryptEncryptedContentInfo(
      parameters: Pkijs.CryptoEngineDecryptParams,
    ): Promise<ArrayBuffer> {
      const algorithm = parameters.encryptedContentInfo.contentEncryptionAlgorithm;
      if (algorithm.algorithmId !== PBE_SHA1_3DES) return super.decryptEncryptedContentInfo(parameters);
      const plain = decryptPbeSha1TripleDes(
        readPbeParams(asn1js, algorithm.algorithmParams),
        new Uint8Array(parameters.encryptedContentInfo.getEncryptedContent()),
        new Uint8Array(parameters.password),
      );
      return plain.buffer;
    }
  }
  return new UsesyncEngine({
    name: 'usesync-node-webcrypto',
    crypto: nativeCrypto as unknown as Pkijs.CryptoEngineParameters['crypto'],
  });
}

let lib: Promise<Pkcs12Lib> | undefined;

/**
 * Loads PKI.js and asn1js on first use. Importing PKI.js has a global effect: it registers a default
 * engine (over `globalThis.crypto`) in `global[process.pid].pkijs`. So it is imported here, once, when
 * a PKCS#12 function first runs, never on import of `@usesync/x509`. This package never calls
 * `setEngine` and never relies on the global engine: every PKI.js call gets {@link Pkcs12Lib.engine}.
 */
export function loadPkcs12Lib(): Promise<Pkcs12Lib> {
  lib ??= (async () => {
    const [pkijs, asn1js] = await Promise.all([import('pkijs'), import('asn1js')]);
    return { pkijs, asn1js, engine: createEngine(pkijs, asn1js) };
  })().catch((cause: unknown) => {
    lib = undefined;
    throw new UsesyncError('X509_LOAD', 'Cannot load pkijs: import failed', { cause });
  });
  return lib;
}

/** A passphrase as PKI.js takes it: UTF-8 bytes (PBKDF2 uses them as is; the MAC re-encodes them). */
export function passwordBytes(passphrase: string): ArrayBuffer {
  return new TextEncoder().encode(passphrase).buffer;
}
