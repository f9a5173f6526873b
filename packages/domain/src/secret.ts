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
