import type { PooledKeyKind } from '@usesync/store';
import type { KindCounts } from './counters.js';
import type { FillResult, KeyPool } from './key-pool.js';

/** Options of a {@link KeyPoolFiller}. */
export interface KeyPoolFillerOptions {
  readonly pool: Pick<KeyPool, 'fill' | 'status' | 'pause' | 'resume'>;
  /** Keys to keep waiting, per kind (e.g. each tenant's kinds at the configured size). */
  readonly target: Partial<KindCounts>;
  /** How often an idle filler looks at the pool (default 60 000 ms). */
  readonly intervalMs?: number;
  /** At most this many keys of a kind per round, so rounds end and stop promptly (default 20). */
  readonly batch?: number;
  /** Generator threads (default 1) and their nice value (default 19). */
  readonly threads?: number;
  readonly priority?: number;
  /** Told about each round that added keys, and about failures (the filler keeps going). */
  readonly onRound?: (result: FillResult) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Tops the pool up to its target in the background: one round at a time, each adding at most
 * `batch` keys of every kind below target on low-priority threads, then waiting `intervalMs`
 * when the pool is full. A sync calls {@link whileSyncing} (or `pool.pause()`): the round holds
 * before its next key until every sync has ended.
 */
export class KeyPoolFiller {
  readonly #options: KeyPoolFillerOptions;
  readonly #stop = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #round: Promise<void> | undefined;

  constructor(options: KeyPoolFillerOptions) {
    this.#options = options;
  }

  /** Starts the loop (the first round right away). */
  start(): void {
    if (this.#stop.signal.aborted || this.#round || this.#timer) return;
    this.#schedule(0);
  }

  /** Pauses fills for the length of a sync: call the returned function when it ends. */
  whileSyncing(): () => void {
    this.#options.pool.pause();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#options.pool.resume();
    };
  }

  /** Keys missing per kind (0 when at or above target). */
  async deficit(): Promise<Partial<KindCounts>> {
    const { sizes } = await this.#options.pool.status();
    const out: Partial<KindCounts> = {};
    for (const [kind, want] of Object.entries(this.#options.target) as [PooledKeyKind, number][]) {
      const missing = Math.max(0, Math.floor(want) - sizes[kind]);
      if (missing > 0) out[kind] = missing;
    }
    return out;
  }

  /**
   * One round now: adds up to `batch` keys of every kind below target. Undefined when the pool
   * is full (or the filler was stopped).
   */
  async round(): Promise<FillResult | undefined> {
    if (this.#stop.signal.aborted) return undefined;
    const batch = Math.max(1, Math.floor(this.#options.batch ?? 20));
    const missing = await this.deficit();
    const count: Partial<KindCounts> = {};
    for (const [kind, n] of Object.entries(missing) as [PooledKeyKind, number][])
      count[kind] = Math.min(n, batch);
    if (Object.keys(count).length === 0) return undefined;
    return this.#options.pool.fill({
      count,
      budget: { threads: this.#options.threads ?? 1, priority: this.#options.priority ?? 19 },
      signal: this.#stop.signal,
    });
  }

  /** Stops the loop; a key being made is dropped, keys already made stay. */
  async stop(): Promise<void> {
    this.#stop.abort();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#round;
  }

  #schedule(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#round = this.#run().finally(() => {
        this.#round = undefined;
      });
    }, ms);
    this.#timer.unref();
  }

  async #run(): Promise<void> {
    let next = this.#options.intervalMs ?? 60_000;
    try {
      const result = await this.round();
      if (result) {
        this.#options.onRound?.(result);
        // More to do: go on at once (the round itself yields to syncs).
        if (result.ended === 'done') next = 0;
      }
    } catch (e) {
      this.#options.onError?.(e);
    }
    if (!this.#stop.signal.aborted) this.#schedule(next);
  }
}
