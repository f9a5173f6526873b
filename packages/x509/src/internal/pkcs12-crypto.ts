import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hash,
  pbkdf2,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';
import {
  algorithm,
  children,
  expect,
  int,
  integer,
  MalformedError,
  nul,
  octetString,
  octets,
  oid,
  seq,
  Tag,
  type Tlv,
} from './der.js';

const pbkdf2Async = promisify(pbkdf2);

/** OIDs of the PKCS#12 / PKCS#5 algorithms this package knows. */
export const Oid = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  aes128cbc: '2.16.840.1.101.3.4.1.2',
  aes192cbc: '2.16.840.1.101.3.4.1.22',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
  desEde3cbc: '1.2.840.113549.3.7',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  pbeSha1TwoKeyTripleDes: '1.2.840.113549.1.12.1.4',
  hmacWithSha256: '1.2.840.113549.2.9',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

const PRF: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const DIGEST: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const CIPHER: Record<string, { name: string; keyLength: number }> = {
  [Oid.aes128cbc]: { name: 'aes-128-cbc', keyLength: 16 },
  [Oid.aes192cbc]: { name: 'aes-192-cbc', keyLength: 24 },
  [Oid.aes256cbc]: { name: 'aes-256-cbc', keyLength: 32 },
  [Oid.desEde3cbc]: { name: 'des-ede3-cbc', keyLength: 24 },
};

const PKCS12_PBE: Record<string, { name: string; keyLength: number }> = {
  [Oid.pbeSha1TripleDes]: { name: 'des-ede3-cbc', keyLength: 24 },
  [Oid.pbeSha1TwoKeyTripleDes]: { name: 'des-ede-cbc', keyLength: 16 },
};

/** Legacy schemes usesync recognises and rejects: RC2, RC4 and single-DES based PBEs. */
const LEGACY: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': 'RC4-128',
  '1.2.840.113549.1.12.1.2': 'RC4-40',
  '1.2.840.113549.1.12.1.5': 'RC2-128',
  '1.2.840.113549.1.12.1.6': 'RC2-40',
  '1.2.840.113549.1.5.1': 'DES (MD2)',
  '1.2.840.113549.1.5.3': 'DES (MD5)',
  '1.2.840.113549.1.5.4': 'RC2 (MD2)',
  '1.2.840.113549.1.5.6': 'RC2 (MD5)',
  '1.2.840.113549.1.5.10': 'DES (SHA-1)',
  '1.2.840.113549.1.5.11': 'RC2 (SHA-1)',
};

/** Iteration counts above this are refused: a hostile file could otherwise stall the sync. */
export const MAX_ITERATIONS = 10_000_000;

/** How an encryption AlgorithmIdentifier is classified before any passphrase is tried. */
export type SchemeClass =
  | { readonly kind: 'supported' }
  | { readonly kind: 'legacy'; readonly name: string }
  | { readonly kind: 'unsupported'; readonly name: string };

/** Raised when an encryption scheme is not usable; carries no secret. */
export class SchemeError extends Error {
  constructor(readonly scheme: SchemeClass) {
    super(`Unusable scheme ${scheme.kind === 'supported' ? '' : scheme.name}`);
    this.name = 'SchemeError';
  }
}

function pbes2Parts(params: Tlv | undefined) {
  const [kdf, scheme] = children(expect(params, Tag.Sequence, 'PBES2-params'));
  const kdfParts = children(expect(kdf, Tag.Sequence, 'keyDerivationFunc'));
  if (oid(kdfParts[0]) !== Oid.pbkdf2)
    throw new SchemeError({ kind: 'unsupported', name: `KDF ${oid(kdfParts[0])}` });
  const [salt, iterations, ...rest] = children(expect(kdfParts[1], Tag.Sequence, 'PBKDF2-params'));
  if (salt?.tag !== Tag.OctetString)
    throw new SchemeError({ kind: 'unsupported', name: 'PBKDF2 salt source' });
  let keyLength: number | undefined;
  let prf = 'sha1';
  for (const item of rest) {
    if (item.tag === Tag.Integer) keyLength = integer(item);
    else {
      const prfOid = oid(children(expect(item, Tag.Sequence, 'prf'))[0]);
      const name = PRF[prfOid];
      if (name === undefined) throw new SchemeError({ kind: 'unsupported', name: `PRF ${prfOid}` });
      prf = name;
    }
  }
  const schemeParts = children(expect(scheme, Tag.Sequence, 'encryptionScheme'));
  const cipherOid = oid(schemeParts[0]);
  const cipher = CIPHER[cipherOid];
  if (cipher === undefined) throw new SchemeError({ kind: 'unsupported', name: `cipher ${cipherOid}` });
  const iv = octets(expect(schemeParts[1], Tag.OctetString, 'IV'));
  const count = integer(iterations);
  if (count > MAX_ITERATIONS) throw new SchemeError({ kind: 'unsupported', name: `${count} iterations` });
  if (keyLength !== undefined && keyLength !== cipher.keyLength)
    throw new MalformedError('PBKDF2 key length');
  return { salt: octets(salt), iterations: count, prf, cipher, iv };
}

function pbeParts(params: Tlv | undefined) {
  const [salt, iterations] = children(expect(params, Tag.Sequence, 'pkcs-12PbeParams'));
  const count = integer(iterations);
  if (count > MAX_ITERATIONS) throw new SchemeError({ kind: 'unsupported', name: `${count} iterations` });
  return { salt: octets(expect(salt, Tag.OctetString, 'salt')), iterations: count };
}

/** Classifies an AlgorithmIdentifier (DER element) without decrypting anything. */
export function classifyScheme(algorithmId: Tlv): SchemeClass {
  try {
    const [idTlv, params] = children(expect(algorithmId, Tag.Sequence, 'AlgorithmIdentifier'));
    const id = oid(idTlv);
    if (id === Oid.pbes2) {
      pbes2Parts(params);
      return { kind: 'supported' };
    }
    if (PKCS12_PBE[id] !== undefined) {
      pbeParts(params);
      return { kind: 'supported' };
    }
    const legacy = LEGACY[id];
    if (legacy !== undefined) return { kind: 'legacy', name: legacy };
    return { kind: 'unsupported', name: id };
  } catch (error) {
    if (error instanceof SchemeError) return error.scheme;
    return { kind: 'unsupported', name: 'malformed parameters' };
  }
}

/** The PKCS#12 form of a passphrase: UTF-16BE with a two-byte terminator (RFC 7292 B.1). */
export function bmpPassword(passphrase: string): Uint8Array {
  const out = new Uint8Array(passphrase.length * 2 + 2);
  for (let i = 0; i < passphrase.length; i++) {
    out[2 * i] = passphrase.charCodeAt(i) >> 8;
    out[2 * i + 1] = passphrase.charCodeAt(i) & 0xff;
  }
  return out;
}

const BLOCK: Record<string, number> = { sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128 };

function fill(source: Uint8Array, v: number): Uint8Array {
  if (source.byteLength === 0) return source;
  const out = new Uint8Array(v * Math.ceil(source.byteLength / v));
  for (let i = 0; i < out.byteLength; i++) out[i] = source[i % source.byteLength] ?? 0;
  return out;
}

/**
 * The PKCS#12 key derivation (RFC 7292 Appendix B.2): id 1 = key, 2 = IV, 3 = MAC key. It is
 * synchronous (one-shot hashes, about 1.7 µs each here): 100 000 iterations block for ~0.2 s.
 */
export function pkcs12Kdf(
  digest: string,
  password: Uint8Array,
  salt: Uint8Array,
  id: 1 | 2 | 3,
  iterations: number,
  length: number,
): Uint8Array {
  const v = BLOCK[digest];
  if (v === undefined) throw new SchemeError({ kind: 'unsupported', name: `digest ${digest}` });
  const D = new Uint8Array(v).fill(id);
  const I = new Uint8Array([...fill(salt, v), ...fill(password, v)]);
  const out = new Uint8Array(length);
  for (let done = 0; done < length; ) {
    let A = hash(digest, Buffer.concat([D, I]), 'buffer');
    for (let r = 1; r < iterations; r++) A = hash(digest, A, 'buffer');
    out.set(A.subarray(0, Math.min(A.byteLength, length - done)), done);
    done += A.byteLength;
    if (done >= length) break;
    const B = fill(A, v).subarray(0, v);
    for (let j = 0; j < I.byteLength; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const x = (I[j + k] ?? 0) + (B[k] ?? 0) + carry;
        I[j + k] = x & 0xff;
        carry = x >> 8;
      }
    }
  }
  return out;
}

/**
 * Decrypts data protected by a password-based scheme (PBES2 with PBKDF2 and AES-CBC / 3DES-CBC, or
 * the PKCS#12 SHA-1 3DES PBEs). Throws on a wrong passphrase (bad padding) — callers treat any
 * throw as "does not open".
 */
export async function decrypt(algorithmId: Tlv, data: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const [idTlv, params] = children(expect(algorithmId, Tag.Sequence, 'AlgorithmIdentifier'));
  const id = oid(idTlv);
  if (id === Oid.pbes2) {
    const p = pbes2Parts(params);
    const key = await pbkdf2Async(
      Buffer.from(passphrase, 'utf8'),
      p.salt,
      p.iterations,
      p.cipher.keyLength,
      p.prf,
    );
    const decipher = createDecipheriv(p.cipher.name, key, p.iv);
    return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
  }
  const pbe = PKCS12_PBE[id];
  if (pbe !== undefined) {
    const p = pbeParts(params);
    const password = bmpPassword(passphrase);
    const key = pkcs12Kdf('sha1', password, p.salt, 1, p.iterations, pbe.keyLength);
    const iv = pkcs12Kdf('sha1', password, p.salt, 2, p.iterations, 8);
    const decipher = createDecipheriv(pbe.name, key, iv);
    return new Uint8Array(Buffer.concat([decipher.update(data), decipher.final()]));
  }
  throw new SchemeError(classifyScheme(algorithmId));
}

/** Parameters of a PBES2 encryption as usesync writes it. */
export interface Pbes2Options {
  readonly iterations: number;
}

/**
 * Encrypts with PBES2: PBKDF2-HMAC-SHA256 (random 16-byte salt) and AES-256-CBC (random IV), the
 * passphrase as UTF-8 as OpenSSL 3 does. Returns the AlgorithmIdentifier and the ciphertext.
 */
export async function encryptPbes2(
  plain: Uint8Array,
  passphrase: string,
  options: Pbes2Options,
): Promise<{ algorithmId: Uint8Array; ciphertext: Uint8Array }> {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = await pbkdf2Async(Buffer.from(passphrase, 'utf8'), salt, options.iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = new Uint8Array(Buffer.concat([cipher.update(plain), cipher.final()]));
  const kdf = algorithm(
    Oid.pbkdf2,
    seq(octetString(salt), int(options.iterations), algorithm(Oid.hmacWithSha256, nul())),
  );
  const algorithmId = algorithm(Oid.pbes2, seq(kdf, algorithm(Oid.aes256cbc, octetString(iv))));
  return { algorithmId, ciphertext };
}

/** The PKCS#12 MAC (HMAC over the authenticated safe with a PKCS#12-KDF key). */
export function pkcs12Mac(
  digest: string,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  content: Uint8Array,
): Uint8Array {
  const size = hash(digest, new Uint8Array(), 'buffer').byteLength;
  const key = pkcs12Kdf(digest, password, salt, 3, iterations, size);
  return new Uint8Array(createHmac(digest, key).update(content).digest());
}

/** Parsed MacData. */
export interface MacData {
  readonly digest: string;
  readonly expected: Uint8Array;
  readonly salt: Uint8Array;
  readonly iterations: number;
}

/** Reads MacData; throws SchemeError for an unknown digest (e.g. PBMAC1). */
export function readMacData(t: Tlv): MacData {
  const [digestInfo, salt, iterations] = children(expect(t, Tag.Sequence, 'MacData'));
  const [alg, expected] = children(expect(digestInfo, Tag.Sequence, 'DigestInfo'));
  const digestOid = oid(children(expect(alg, Tag.Sequence, 'digestAlgorithm'))[0]);
  const digest = DIGEST[digestOid];
  if (digest === undefined) throw new SchemeError({ kind: 'unsupported', name: `MAC ${digestOid}` });
  const count = iterations === undefined ? 1 : integer(iterations);
  if (count > MAX_ITERATIONS) throw new SchemeError({ kind: 'unsupported', name: `${count} MAC iterations` });
  return {
    digest,
    expected: octets(expect(expected, Tag.OctetString, 'digest')),
    salt: octets(expect(salt, Tag.OctetString, 'macSalt')),
    iterations: count,
  };
}

/**
 * True when the MAC verifies with the passphrase. For the empty passphrase both encodings in use
 * are accepted (two zero bytes, and no bytes at all as some OpenSSL versions write).
 */
export function verifyMac(mac: MacData, passphrase: string, content: Uint8Array): boolean {
  const candidates = passphrase === '' ? [bmpPassword(''), new Uint8Array()] : [bmpPassword(passphrase)];
  return candidates.some((password) => {
    const actual = pkcs12Mac(mac.digest, password, mac.salt, mac.iterations, content);
    return actual.byteLength === mac.expected.byteLength && timingSafeEqual(actual, mac.expected);
  });
}
