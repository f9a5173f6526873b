// The worker's idle key-pool filler: glue between the worker and `KeyPoolFiller` of
// `@usesync/key-pool` (passed in, so this file holds no policy of its own). The filler tops the
// store's key pool up to a target on one low-priority thread and holds while any sync runs.
import type { TenantConfig } from '@usesync/config';
import type { PooledKeyKind } from '@usesync/store';
import type { Logger } from './logger.js';

/** Keys to keep waiting per kind. */
export type KeyPoolTarget = Partial<Record<PooledKeyKind, number>>;

/** What the worker uses of a `KeyPoolFiller`. */
export interface IdleKeyPoolFiller {
  start(): void;
  stop(): Promise<void>;
  /** Pauses filling until the returned function is called (nests across concurrent syncs). */
  whileSyncing(): () => void;
}

/** What a fill round reports (`FillResult` of `@usesync/key-pool`). */
export interface FillRoundSummary {
  readonly added: Readonly<Record<PooledKeyKind, number>>;
  readonly ms: number;
  readonly ended: string;
  readonly lowPriority: boolean;
}

/**
 * The target of a worker serving `configs`: every kind a tenant draws from (its S/MIME key
 * algorithm, its default PGP key length) at `size` keys. `kindsFor` is `kindsForConfig` of
 * `@usesync/key-pool`. A size of 0 (or less) means no filling.
 */
export function keyPoolTarget(
  configs: readonly TenantConfig[],
  size: number,
  kindsFor: (config: TenantConfig) => readonly PooledKeyKind[],
): KeyPoolTarget {
  if (!(size > 0)) return {};
  const target: KeyPoolTarget = {};
  for (const config of configs) for (const kind of kindsFor(config)) target[kind] = Math.floor(size);
  return target;
}

/** True when the target asks for any key. */
export const wantsKeys = (target: KeyPoolTarget): boolean => Object.values(target).some((n) => (n ?? 0) > 0);

/** Runs one sync with the filler paused (no filler: just runs it). */
export async function withFillerPaused<T>(
  filler: IdleKeyPoolFiller | undefined,
  sync: () => Promise<T>,
): Promise<T> {
  const release = filler?.whileSyncing();
  try {
    return await sync();
  } finally {
    release?.();
  }
}

/** Logs a fill round that added keys (info) — pass as the filler's `onRound`. */
export function logFillRound(log: Logger): (result: FillRoundSummary) => void {
  return (result) => {
    const added = Object.fromEntries(Object.entries(result.added).filter(([, n]) => n > 0));
    log.info(
      { added, ms: Math.round(result.ms), ended: result.ended, lowPriority: result.lowPriority },
      'key pool filled',
    );
  };
}

/** Logs a failed fill round (warn) — pass as the filler's `onError`; the filler keeps going. */
export function logFillError(log: Logger): (error: unknown) => void {
  return (error) => {
    const e = error as { code?: string; message?: string };
    log.warn({ err: { code: e?.code, message: e?.message } }, 'key pool fill failed');
  };
}
