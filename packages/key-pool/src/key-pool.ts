import { UsesyncError } from '@usesync/domain';
import {
  DEFAULT_KEY_POLICY,
  type GeneratedPgpKey,
  type KeyPolicy,
  type PgpKeyRequest,
  pgpKeyFromRsa,
} from '@usesync/pgp';
import type { KeyPoolStore, PooledKeyKind } from '@usesync/store';
import { type KeySpec, PrivateKey } from '@usesync/x509';
import { fillOrder, type KeyPoolCounters, type KindCounts, newCounters, zeroCounts } from './counters.js';
import { GeneratorThread } from './internal/generator-threads.js';
import { kindOfKeySpec, kindOfPgpBits } from './kinds.js';

/** Options of a {@link KeyPool}. */
export interface KeyPoolOptions {
  /** Where the sealed keys live: `store.keyPool` of `@usesync/store` (or `keyPoolOf(store)`). */
  readonly store: KeyPoolStore;
  /** Policy for the PGP keys made from pooled material (default RSA ≥ 2048). */
  readonly policy?: KeyPolicy;
}

/** How much CPU a fill may use. */
export interface FillBudget {
  /** Generator threads (default 1: one core). */
  readonly threads?: number;
  /** Nice value of those threads (default 19, the lowest priority; ignored where refused). */
  readonly priority?: number;
  /** Stop starting new keys after this many milliseconds (keys being made still land). */
  readonly maxMs?: number;
}

/** Options of {@link KeyPool.fill}. */
export interface FillOptions {
  /** Keys to add: one number for every kind in `kinds`, or a number per kind. */
  readonly count: number | Partial<KindCounts>;
  /** The kinds to fill when `count` is one number. */
  readonly kinds?: readonly PooledKeyKind[];
  readonly budget?: FillBudget;
  /** Stops the fill between keys. */
  readonly signal?: AbortSignal;
  /** Called after each key is stored (progress bars). */
  readonly onKey?: (kind: PooledKeyKind, done: number, total: number) => void;
}

/** What a fill did. */
export interface FillResult {
  readonly added: KindCounts;
  readonly ms: number;
  /** `done`: every key asked for was added; otherwise why it stopped early. */
  readonly ended: 'done' | 'aborted' | 'deadline';
  /** True when the OS accepted the lowered thread priority. */
  readonly lowPriority: boolean;
}

/** Sizes and counters, for `usesync keys pool status` and metrics. */
export interface KeyPoolStatus {
  readonly sizes: KindCounts;
  readonly counters: KeyPoolCounters;
  readonly paused: boolean;
}

/** An S/MIME key request (see {@link KeyPool.takeSmimeKey}). */
export interface SmimeKeyTake {
  readonly tenant: string;
  readonly address: string;
  /** The journal action the key is for (recorded with the take). */
  readonly actionId: string;
  readonly keySpec: KeySpec;
  /** The archive entry the key is filed under for the tenant, in the same transaction. */
  readonly archive: { readonly reference: string; readonly format: string; readonly createdAt: string };
}

/** A PGP key request (see {@link KeyPool.takePgpKey}). */
export interface PgpKeyTake {
  readonly tenant: string;
  readonly actionId: string;
  readonly request: PgpKeyRequest;
}

/**
 * Pre-generated key pairs for key creation: filled off the sync path (CLI, the worker when
 * idle), taken by the executor. A take removes the key from the pool and records its use in
 * one transaction, so a key is never handed out twice; an empty pool answers `undefined` and
 * the caller generates on demand.
 *
 * @example
 * const pool = new KeyPool({ store: store.keyPool });
 * await pool.fill({ count: 100, kinds: ['rsa-3072', 'rsa-4096'], budget: { threads: 1 } });
 * await applyPlan({ store, ca, pgp, keyPool: pool }, config, plan, inputs, options);
 */
export class KeyPool {
  readonly #store: KeyPoolStore;
  readonly #policy: KeyPolicy;
  readonly #counters = newCounters();
  #pauses = 0;
  #resumed: (() => void)[] = [];

  constructor(options: KeyPoolOptions) {
    this.#store = options.store;
    this.#policy = options.policy ?? DEFAULT_KEY_POLICY;
  }

  /** Counters since this object was made (live view; copy before keeping). */
  get counters(): KeyPoolCounters {
    return this.#counters;
  }

  /** True while at least one {@link pause} is not yet matched by a {@link resume}. */
  get paused(): boolean {
    return this.#pauses > 0;
  }

  /**
   * Holds running fills before their next key (a key being made finishes). Pauses nest: a
   * fill goes on after as many {@link resume} calls, so overlapping syncs can each pause it.
   */
  pause(): void {
    this.#pauses++;
  }

  /** Undoes one {@link pause}. */
  resume(): void {
    if (this.#pauses === 0) return;
    this.#pauses--;
    if (this.#pauses === 0) for (const r of this.#resumed.splice(0)) r();
  }

  /**
   * Takes an S/MIME private key of the spec's kind and files it in the tenant's archive under
   * `archive` in the same transaction. Undefined when the pool has none (a miss).
   */
  async takeSmimeKey(input: SmimeKeyTake): Promise<PrivateKey | undefined> {
    const kind = kindOfKeySpec(input.keySpec);
    const taken = await this.#store.take(
      kind,
      1,
      { tenant: input.tenant, address: input.address, actionId: input.actionId, purpose: 'smime' },
      { archive: input.archive },
    );
    const first = taken?.[0];
    if (!first) {
      this.#counters.misses.smime[kind]++;
      return undefined;
    }
    this.#counters.hits.smime[kind]++;
    return PrivateKey.fromPkcs8Der(first.pkcs8);
  }

  /**
   * Takes two RSA keys of the requested size and wraps them into an OpenPGP key created at
   * `request.now` with the request's user ID. Undefined (a miss) when the pool has too few, or
   * for a key it does not stock (Curve25519, RSA-1024).
   */
  async takePgpKey(input: PgpKeyTake): Promise<GeneratedPgpKey | undefined> {
    const { request } = input;
    const rsa = String(request.keyType ?? 'RSA').toUpperCase() === 'RSA';
    const kind = rsa ? kindOfPgpBits(request.keyLength ?? 4096) : undefined;
    if (!kind) return undefined;
    const taken = await this.#store.take(kind, 2, {
      tenant: input.tenant,
      address: request.address,
      actionId: input.actionId,
      purpose: 'pgp',
    });
    const [primary, subkey] = taken ?? [];
    if (!primary || !subkey) {
      this.#counters.misses.pgp[kind]++;
      return undefined;
    }
    this.#counters.hits.pgp[kind]++;
    return pgpKeyFromRsa(request, { primary: primary.pkcs8, subkey: subkey.pkcs8 }, this.#policy);
  }

  /** Keys waiting per kind, the counters and whether fills are paused. */
  async status(): Promise<KeyPoolStatus> {
    return { sizes: await this.#store.sizes(), counters: this.#counters, paused: this.paused };
  }

  /**
   * Generates keys into the pool on `budget.threads` low-priority threads (default one), each
   * key sealed and stored as soon as it is made. Waits while paused; stops early on `signal` or
   * after `budget.maxMs`. Throws `KEY_POOL_BAD_FILL` for a bad count.
   */
  async fill(options: FillOptions): Promise<FillResult> {
    const counts = perKind(options);
    const order = fillOrder(counts);
    const threads = Math.max(1, Math.min(Math.floor(options.budget?.threads ?? 1), order.length || 1));
    const started = performance.now();
    const deadline = started + (options.budget?.maxMs ?? Number.POSITIVE_INFINITY);
    const added = zeroCounts();
    let ended: FillResult['ended'] = 'done';
    let next = 0;
    let done = 0;
    const generators = Array.from(
      { length: order.length === 0 ? 0 : threads },
      () => new GeneratorThread(options.budget?.priority ?? 19),
    );
    try {
      const lowered = await Promise.all(generators.map((g) => g.lowered()));
      await Promise.all(
        generators.map(async (g) => {
          while (next < order.length) {
            await this.#unpaused(options.signal);
            if (options.signal?.aborted) {
              ended = 'aborted';
              return;
            }
            if (performance.now() >= deadline) {
              ended = 'deadline';
              return;
            }
            const kind = order[next++]!;
            const der = await g.generate(kind);
            await this.#store.add(kind, [der]);
            added[kind]++;
            this.#counters.generated[kind]++;
            options.onKey?.(kind, ++done, order.length);
          }
        }),
      );
      return { added, ms: performance.now() - started, ended, lowPriority: lowered.every(Boolean) };
    } finally {
      await Promise.all(generators.map((g) => g.close()));
    }
  }

  #unpaused(signal?: AbortSignal): Promise<void> {
    if (this.#pauses === 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.#resumed.push(resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}

function perKind(options: FillOptions): Partial<KindCounts> {
  const { count } = options;
  const bad = (n: unknown) => typeof n !== 'number' || !Number.isInteger(n) || n < 0;
  if (typeof count === 'number') {
    if (bad(count) || !options.kinds || options.kinds.length === 0) {
      throw new UsesyncError(
        'KEY_POOL_BAD_FILL',
        'Cannot fill the key pool: give a whole number of keys and the kinds to fill',
      );
    }
    return Object.fromEntries(options.kinds.map((k) => [k, count]));
  }
  if (Object.values(count).some(bad)) {
    throw new UsesyncError('KEY_POOL_BAD_FILL', 'Cannot fill the key pool: counts must be whole numbers');
  }
  return count;
}
