/**
 * An infrastructure failure or a bug (not bad user input, which is a diagnostic). The message
 * reads "Cannot <verb> <thing>: <reason>" and never contains a secret.
 */
export class UsesyncError extends Error {
  /** Stable machine-readable code, e.g. `CA_REJECTED`, `STORE_LOCKED`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsesyncError';
    this.code = code;
  }
}

/** Exhaustiveness check for tagged unions: a compile error when a case is missing. */
export function assertNever(x: never, what = 'value'): never {
  throw new UsesyncError('BUG', `Cannot handle ${what}: unexpected ${JSON.stringify(x)}`);
}
