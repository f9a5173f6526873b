import { POOLED_KEY_KINDS, type PooledKeyKind } from '@usesync/store';

/** Per-kind counts, every kind present. */
export type KindCounts = Record<PooledKeyKind, number>;

/** Zero for every kind. */
export function zeroCounts(): KindCounts {
  return Object.fromEntries(POOLED_KEY_KINDS.map((k) => [k, 0])) as KindCounts;
}

/**
 * What a pool did since it was made, for metrics. A PGP key counts once (it takes two keys).
 * Suggested metric names: `usesync_key_pool_hits_total{kind,purpose}`,
 * `usesync_key_pool_misses_total{kind,purpose}`, `usesync_key_pool_generated_total{kind}`.
 */
export interface KeyPoolCounters {
  /** Keys served from the pool, by kind and purpose. */
  readonly hits: { readonly smime: KindCounts; readonly pgp: KindCounts };
  /** Requests the pool could not serve (empty, or a kind it does not stock) and left to on-demand generation. */
  readonly misses: { readonly smime: KindCounts; readonly pgp: KindCounts };
  /** Keys this process generated into the pool. */
  readonly generated: KindCounts;
}

/** Fresh counters. */
export function newCounters(): KeyPoolCounters {
  return {
    hits: { smime: zeroCounts(), pgp: zeroCounts() },
    misses: { smime: zeroCounts(), pgp: zeroCounts() },
    generated: zeroCounts(),
  };
}

/**
 * The order keys of several kinds are made in: interleaved, so every kind grows together and a
 * fill cut short (deadline, abort) leaves each kind some keys.
 */
export function fillOrder(counts: Partial<KindCounts>): PooledKeyKind[] {
  const left = POOLED_KEY_KINDS.map((k) => [k, Math.max(0, Math.floor(counts[k] ?? 0))] as const).filter(
    ([, n]) => n > 0,
  );
  const out: PooledKeyKind[] = [];
  const remaining = new Map(left);
  while (remaining.size > 0) {
    for (const [k, n] of remaining) {
      out.push(k);
      if (n === 1) remaining.delete(k);
      else remaining.set(k, n - 1);
    }
  }
  return out;
}
