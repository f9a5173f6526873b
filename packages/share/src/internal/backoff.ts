/** Retry policy for reconnecting. */
export interface ReconnectPolicy {
  /** Connection attempts per operation (default 4). */
  readonly attempts?: number;
  /** First delay (default 500 ms); doubles up to `maxDelayMs`. */
  readonly baseDelayMs?: number;
  /** Largest delay (default 8 000 ms). */
  readonly maxDelayMs?: number;
}

/** The delay before attempt `n` (1-based; attempt 1 has none), with equal jitter. */
export function reconnectDelay(policy: ReconnectPolicy, attempt: number, random: () => number): number {
  if (attempt <= 1) return 0;
  const base = policy.baseDelayMs ?? 500;
  const step = Math.min(policy.maxDelayMs ?? 8_000, base * 2 ** (attempt - 2));
  return step / 2 + (random() * step) / 2;
}

/** A promise that resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
