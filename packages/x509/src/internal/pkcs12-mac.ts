import { createHash, createHmac, hash as oneShot, timingSafeEqual } from 'node:crypto';

/** Digest output and block sizes (bytes) of the hashes a PKCS#12 MAC may use. */
const HASHES: Record<string, { readonly node: string; readonly u: number; readonly v: number }> = {
  'SHA-1': { node: 'sha1', u: 20, v: 64 },
  'SHA-256': { node: 'sha256', u: 32, v: 64 },
  'SHA-384': { node: 'sha384', u: 48, v: 128 },
  'SHA-512': { node: 'sha512', u: 64, v: 128 },
};

/** The password as the PKCS#12 KDF takes it: BMPString, big-endian, two zero bytes at the end. */
function bmpPassword(password: Uint8Array): Uint8Array {
  // PKI.js's rule, kept so MACs match it: UTF-8 text when the bytes are UTF-8, else one char a byte.
  let text = new TextDecoder().decode(password);
  const again = new TextEncoder().encode(text);
  if (again.length !== password.length || again.some((b, i) => b !== password[i])) {
    text = String.fromCharCode(...password);
  }
  const out = new Uint8Array(text.length * 2 + 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), false);
  return out;
}

const repeatTo = (src: Uint8Array, v: number): Uint8Array =>
  new Uint8Array(v * Math.ceil(src.length / v)).map((_, i) => src[i % src.length] ?? 0);

/**
 * The MAC key of RFC 7292 appendix B.2 (ID 3), the same bytes PKI.js derives, with the iterated
 * hash in node:crypto (PKI.js hashes in JavaScript).
 */
export function pkcs12MacKey(
  hashName: string,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
): Uint8Array {
  const hash = HASHES[hashName.toUpperCase()];
  if (!hash) throw new Error(`Unsupported hashing algorithm ${hashName}`);
  const { node, u, v } = hash;
  const S = repeatTo(salt, v);
  const P = repeatTo(bmpPassword(password), v);
  // One block is enough: the key is exactly one digest long (u bytes).
  let A: Uint8Array = createHash(node).update(new Uint8Array(v).fill(3)).update(S).update(P).digest();
  // One-shot hashing: no Hash object per round (2 048 rounds per archived file).
  for (let j = 1; j < iterations; j++) A = oneShot(node, A, 'buffer');
  return A.slice(0, u);
}

/** HMAC of `content` under the PKCS#12 MAC key. */
export function pkcs12Mac(
  hashName: string,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  content: Uint8Array,
): Uint8Array {
  const hash = HASHES[hashName.toUpperCase()];
  if (!hash) throw new Error(`Unsupported hashing algorithm ${hashName}`);
  const key = pkcs12MacKey(hashName, password, salt, iterations);
  return new Uint8Array(createHmac(hash.node, key).update(content).digest());
}

/** Constant-time comparison of a MAC. */
export function macEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
