import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { UsesyncError } from '@usesync/domain';

const keys = new WeakMap<KeyEncryptionKey, { enc: Buffer; mac: Buffer }>();
const VERSION = 1;
const NONCE = 12;
const TAG = 16;

/**
 * The key-encryption key (32 bytes) that protects secrets at rest. Its bytes are reachable by
 * nobody outside this module; printing the object shows a mask. AES-256-GCM and HMAC subkeys are
 * derived from it with HKDF-SHA256, so the raw key is used for nothing else.
 */
export class KeyEncryptionKey {
  constructor(bytes: Uint8Array) {
    if (bytes.length !== 32) {
      throw new UsesyncError(
        'KEK_INVALID',
        `Cannot use the key-encryption key: expected 32 bytes, got ${bytes.length}`,
      );
    }
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', bytes, 'usesync-kek-v1', info, 32));
    keys.set(this, { enc: derive('aes-256-gcm'), mac: derive('hmac-sha256') });
  }

  /** Reads a key from its base64 text (as in `USESYNC_KEK` or the `kek` file). */
  static fromBase64(text: string, where = 'the key-encryption key'): KeyEncryptionKey {
    const t = text.trim();
    const bytes = Buffer.from(t, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(t) || bytes.length !== 32) {
      throw new UsesyncError('KEK_INVALID', `Cannot use ${where}: expected base64 of exactly 32 bytes`);
    }
    return new KeyEncryptionKey(bytes);
  }

  /** A fresh random key (for `init` and tests). */
  static generate(): KeyEncryptionKey {
    return new KeyEncryptionKey(randomBytes(32));
  }

  /** A mask. */
  toString(): string {
    return 'KeyEncryptionKey(••••••)';
  }

  /** A mask. */
  toJSON(): string {
    return this.toString();
  }

  /** A mask, for `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function subkeys(kek: KeyEncryptionKey): { enc: Buffer; mac: Buffer } {
  const k = keys.get(kek);
  if (!k) throw new UsesyncError('BUG', 'Cannot use the key-encryption key: not constructed');
  return k;
}

/**
 * Encrypts with AES-256-GCM under a fresh random nonce. `aad` binds the ciphertext to its tenant,
 * purpose and reference, so a value copied to another row or tenant fails to decrypt.
 * Layout: version (1) | nonce (12) | tag (16) | ciphertext.
 */
export function seal(kek: KeyEncryptionKey, aad: string, plaintext: Uint8Array): Uint8Array {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', subkeys(kek).enc, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), nonce, cipher.getAuthTag(), body]);
}

/** Decrypts what {@link seal} produced under the same `aad`; throws `STORE_DECRYPT_FAILED` otherwise. */
export function open(kek: KeyEncryptionKey, aad: string, blob: Uint8Array, what: string): Uint8Array {
  const fail = (cause?: unknown) =>
    new UsesyncError(
      'STORE_DECRYPT_FAILED',
      `Cannot decrypt ${what}: wrong key-encryption key, or the data was altered or moved`,
      cause === undefined ? {} : { cause },
    );
  if (blob.length < 1 + NONCE + TAG || blob[0] !== VERSION) throw fail();
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  try {
    const decipher = createDecipheriv('aes-256-gcm', subkeys(kek).enc, b.subarray(1, 1 + NONCE));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(b.subarray(1 + NONCE, 1 + NONCE + TAG));
    return Buffer.concat([decipher.update(b.subarray(1 + NONCE + TAG)), decipher.final()]);
  } catch (e) {
    throw fail(e);
  }
}

/** A keyed digest (HMAC-SHA256, hex) for equality tests on secrets without storing them. */
export function keyedDigest(kek: KeyEncryptionKey, context: string, data: Uint8Array): string {
  return createHmac('sha256', subkeys(kek).mac).update(context).update('\0').update(data).digest('hex');
}
