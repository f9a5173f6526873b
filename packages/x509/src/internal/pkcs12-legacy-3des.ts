/**
 * The one legacy PKCS#12 scheme usesync still reads: pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292
 * Appendix C), as old Windows exports and OpenSSL 1.1 key bags use. PKI.js reads PBES2 only, and
 * WebCrypto has no 3DES, so this small decryptor is plugged into the PKI.js engine
 * (`pkcs12-lib.ts`). Decryption only: usesync never writes 3DES.
 */

import { createDecipheriv, hash } from 'node:crypto';
import type * as Asn1js from 'asn1js';

/** OID of pbeWithSHAAnd3-KeyTripleDES-CBC. */
export const PBE_SHA1_3DES = '1.2.840.113549.1.12.1.3';

/** pkcs-12PbeParams. */
export interface PbeParams {
  readonly salt: Uint8Array;
  readonly iterations: number;
}

/** Reads pkcs-12PbeParams (`SEQUENCE { salt OCTET STRING, iterations INTEGER }`) from PKI.js's asn1js value. */
export function readPbeParams(asn1js: typeof Asn1js, params: unknown): PbeParams {
  const [salt, iterations] = params instanceof asn1js.Sequence ? params.valueBlock.value : [];
  if (!(salt instanceof asn1js.OctetString) || !(iterations instanceof asn1js.Integer)) {
    throw new Error('Malformed pkcs-12PbeParams');
  }
  return { salt: new Uint8Array(salt.getValue()), iterations: iterations.valueBlock.valueDec };
}

const V = 64; // SHA-1 block size

function fill(source: Uint8Array): Uint8Array {
  const out = new Uint8Array(V * Math.ceil(source.byteLength / V));
  for (let i = 0; i < out.byteLength; i++) out[i] = source[i % source.byteLength] ?? 0;
  return out;
}

/** The PKCS#12 key derivation with SHA-1 (RFC 7292 Appendix B.2): id 1 = key, 2 = IV. */
function pkcs12KdfSha1(password: Uint8Array, p: PbeParams, id: 1 | 2, length: number): Uint8Array {
  const I = new Uint8Array([...fill(p.salt), ...fill(password)]);
  const D = new Uint8Array(V).fill(id);
  const out = new Uint8Array(length);
  for (let done = 0; ; ) {
    let A = hash('sha1', Buffer.concat([D, I]), 'buffer');
    for (let r = 1; r < p.iterations; r++) A = hash('sha1', A, 'buffer');
    out.set(A.subarray(0, Math.min(A.byteLength, length - done)), done);
    done += A.byteLength;
    if (done >= length) return out;
    // I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block of I, with B = A repeated.
    const B = fill(A).subarray(0, V);
    for (let j = 0; j < I.byteLength; j += V) {
      let carry = 1;
      for (let k = V - 1; k >= 0; k--) {
        const x = (I[j + k] ?? 0) + (B[k] ?? 0) + carry;
        I[j + k] = x & 0xff;
        carry = x >> 8;
      }
    }
  }
}

/**
 * Decrypts with pbeWithSHAAnd3-KeyTripleDES-CBC. `utf8Password` is the passphrase as UTF-8 (what
 * PKI.js passes around); the scheme itself uses it as UTF-16BE with a two-byte terminator. Throws on
 * a wrong passphrase (bad padding). The key derivation is synchronous: these files use 2000 or so
 * iterations.
 */
export function decryptPbeSha1TripleDes(
  p: PbeParams,
  data: Uint8Array,
  utf8Password: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const text = new TextDecoder().decode(utf8Password);
  const password = new Uint8Array(text.length * 2 + 2);
  for (let i = 0; i < text.length; i++) {
    password[2 * i] = text.charCodeAt(i) >> 8;
    password[2 * i + 1] = text.charCodeAt(i) & 0xff;
  }
  const decipher = createDecipheriv(
    'des-ede3-cbc',
    pkcs12KdfSha1(password, p, 1, 24),
    pkcs12KdfSha1(password, p, 2, 8),
  );
  return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
}
