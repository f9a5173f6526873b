import { generateKeyPair, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { enums, PacketList, PrivateKey, SecretKeyPacket, SecretSubkeyPacket } from 'openpgp';

/**
 * RSA key generation through node:crypto (OpenSSL), wrapped into OpenPGP packets. In a worker the
 * synchronous variant keeps the prime search on that worker's own thread, so N workers use N
 * cores; openpgp's own path runs it on libuv's shared thread pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise), which caps throughput on larger machines.
 */

/** The RSA numbers of one key, as base64url JWK members. */
export type RsaJwk = Required<Pick<JsonWebKey, 'n' | 'e' | 'd' | 'p' | 'q' | 'qi'>>;

const PUBLIC_EXPONENT = 65537;

export function asRsaJwk(key: KeyObject): RsaJwk {
  const { n, e, d, p, q, qi } = key.export({ format: 'jwk' });
  if (!n || !e || !d || !p || !q || !qi) throw new Error('node:crypto returned an incomplete RSA key');
  return { n, e, d, p, q, qi };
}

/** Generates RSA numbers on the calling thread (blocking it: for workers only). */
export function rsaJwkSync(bits: number): Promise<RsaJwk> {
  return Promise.resolve(
    asRsaJwk(generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: PUBLIC_EXPONENT }).privateKey),
  );
}

/** Generates RSA numbers on libuv's thread pool without blocking the caller. */
export function rsaJwkAsync(bits: number): Promise<RsaJwk> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: bits, publicExponent: PUBLIC_EXPONENT },
      (err, _publicKey, privateKey) => {
        if (err) reject(err);
        else {
          try {
            resolve(asRsaJwk(privateKey));
          } catch (e) {
            reject(e);
          }
        }
      },
    );
  });
}

/** The members openpgp's key packets have at run time but leave out of their typings. */
interface WritableKeyPacket {
  algorithm: enums.publicKey;
  publicParams: object;
  privateParams: object | null;
  isEncrypted: boolean | null;
  computeFingerprintAndKeyID(): Promise<void>;
}

const bytes = (b64url: string): Uint8Array => new Uint8Array(Buffer.from(b64url, 'base64url'));

async function fill(packet: SecretKeyPacket | SecretSubkeyPacket, jwk: RsaJwk): Promise<void> {
  const p = packet as unknown as WritableKeyPacket;
  p.algorithm = enums.publicKey.rsaEncryptSign;
  p.publicParams = { n: bytes(jwk.n), e: bytes(jwk.e) };
  // OpenPGP wants p < q and u = p⁻¹ mod q; OpenSSL gives p > q and qi = q⁻¹ mod p: swap them.
  p.privateParams = { d: bytes(jwk.d), p: bytes(jwk.q), q: bytes(jwk.p), u: bytes(jwk.qi) };
  p.isEncrypted = false;
  await p.computeFingerprintAndKeyID();
}

/**
 * An unsigned OpenPGP private key (primary + one subkey, no user ID yet) from two RSA key pairs.
 * `reformatKey` then adds the user ID, self-signatures, flags, expiry and passphrase protection.
 */
export async function wrapRsaKeys(primary: RsaJwk, subkey: RsaJwk, created: Date): Promise<PrivateKey> {
  const primaryPacket = new SecretKeyPacket();
  const subkeyPacket = new SecretSubkeyPacket();
  primaryPacket.created = created;
  subkeyPacket.created = created;
  await fill(primaryPacket, primary);
  await fill(subkeyPacket, subkey);
  const packets = new PacketList<SecretKeyPacket | SecretSubkeyPacket>();
  packets.push(primaryPacket, subkeyPacket);
  return new PrivateKey(packets);
}
