/** What a secret looks like wherever it has to be shown. */
export const MASK = '••••••';

const value = new WeakMap<Secret, string>();

/**
 * A secret string (passphrase, swm password, API key). Its text is reachable only through
 * {@link Secret.reveal}; `String()`, template literals, `JSON.stringify` and `util.inspect` all
 * yield the mask, so a secret cannot leak into a log line, report or snapshot by accident.
 */
export class Secret {
  constructor(text: string) {
    value.set(this, text);
  }

  /** The secret text. Call only where the secret is used (decrypting, sending to the CA). */
  reveal(): string {
    return value.get(this) ?? '';
  }

  /** True when both secrets hold the same text. */
  equals(other: Secret): boolean {
    return this.reveal() === other.reveal();
  }

  /** The mask. */
  toString(): string {
    return MASK;
  }

  /** The mask. */
  toJSON(): string {
    return MASK;
  }

  /** The mask, for `console.log` and `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Secret(${MASK})`;
  }
}

const bytesOf = new WeakMap<SecretBytes, Uint8Array>();

/**
 * Secret bytes (an uploaded private key file, a PKCS#12 container). Like {@link Secret}, every
 * rendering — `String()`, `JSON.stringify`, `util.inspect` — yields the mask and the size only;
 * the bytes are reachable through {@link SecretBytes.reveal} alone. Plans carry key files this way.
 */
export class SecretBytes {
  constructor(bytes: Uint8Array) {
    bytesOf.set(this, bytes);
  }

  /** The bytes. Call only where they are used (parsing the key file). */
  reveal(): Uint8Array {
    return bytesOf.get(this) ?? new Uint8Array(0);
  }

  /** Number of bytes (safe to show). */
  get length(): number {
    return this.reveal().length;
  }

  /** The mask with the size. */
  toString(): string {
    return `${MASK} (${this.length} bytes)`;
  }

  /** The mask with the size. */
  toJSON(): string {
    return this.toString();
  }

  /** The mask, for `console.log` and `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SecretBytes(${this.toString()})`;
  }
}
