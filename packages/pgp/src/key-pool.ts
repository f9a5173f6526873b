import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { UsesyncError } from '@usesync/domain';
import { fromRaw, type GeneratedPgpKey, type RsaEngine, toWire } from './generate.js';
import { spawnKeygenWorker } from './internal/spawn-worker.js';
import type { KeygenReply, KeygenTask } from './internal/worker-protocol.js';
import { checkKeyRequest, DEFAULT_KEY_POLICY, type KeyPolicy, type PgpKeyRequest } from './key-request.js';

/** Options of a {@link PgpKeyPool}. */
export interface PgpKeyPoolOptions {
  /** Number of worker threads; defaults to `os.availableParallelism()`. */
  readonly size?: number;
  /** How RSA numbers are made; defaults to `node` (see {@link RsaEngine}). */
  readonly engine?: RsaEngine;
  /** Default policy for {@link PgpKeyPool.generate}; defaults to {@link DEFAULT_KEY_POLICY}. */
  readonly policy?: KeyPolicy;
}

interface Job {
  readonly task: KeygenTask;
  readonly resolve: (key: GeneratedPgpKey) => void;
  readonly reject: (err: UsesyncError) => void;
}

/**
 * Generates keys off the main thread on all cores: a pool of worker threads, started lazily, one
 * key at a time per worker. Idle workers do not keep the process alive. Call {@link close} (or
 * use `await using`) to finish queued work and stop the workers.
 *
 * @example
 * await using pool = new PgpKeyPool();
 * const keys = await Promise.all(requests.map((r) => pool.generate(r)));
 */
export class PgpKeyPool {
  /** The maximum number of worker threads. */
  readonly size: number;
  readonly #engine: RsaEngine;
  readonly #policy: KeyPolicy;
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, Job>();
  readonly #queue: Job[] = [];
  readonly #drainWaiters: (() => void)[] = [];
  readonly #live = new Set<Worker>();
  #nextId = 1;
  #closing = false;

  constructor(options: PgpKeyPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
    this.#engine = options.engine ?? 'node';
    this.#policy = options.policy ?? DEFAULT_KEY_POLICY;
  }

  /** Worker threads currently running (0 until the first key is asked for). */
  get threads(): number {
    return this.#live.size;
  }

  /**
   * Generates one key on a worker. Rejects with a `UsesyncError`: a {@link PgpProblemCode} for a bad
   * request (checked before any worker is involved), `PGP_GENERATE_FAILED`, `PGP_WORKER_FAILED`,
   * or `PGP_POOL_CLOSED` after {@link close}.
   */
  generate(request: PgpKeyRequest, policy: KeyPolicy = this.#policy): Promise<GeneratedPgpKey> {
    if (this.#closing) {
      return Promise.reject(
        new UsesyncError(
          'PGP_POOL_CLOSED',
          `Cannot generate a PGP key for ${request.address}: the pool is closed`,
        ),
      );
    }
    const first = checkKeyRequest(request, policy)[0];
    if (first) return Promise.reject(new UsesyncError(first.code, first.message));
    const source = this.#engine === 'openpgp' ? 'openpgp' : 'node-sync';
    const task: KeygenTask = { id: this.#nextId++, request: toWire(request), policy, source };
    return new Promise((resolve, reject) => {
      this.#queue.push({ task, resolve, reject });
      this.#pump();
    });
  }

  /** Finishes every queued and running key, then stops all workers. Idempotent. */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#queue.length > 0 || this.#busy.size > 0) {
      await new Promise<void>((resolve) => this.#drainWaiters.push(resolve));
    }
    const idle = this.#idle.splice(0);
    for (const w of idle) this.#live.delete(w);
    await Promise.all(idle.map((w) => w.terminate()));
  }

  /** Same as {@link close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const worker = this.#idle.pop() ?? (this.#live.size < this.size ? this.#spawn() : undefined);
      if (worker === undefined) return;
      const job = this.#queue.shift()!;
      this.#busy.set(worker, job);
      worker.ref();
      worker.postMessage(job.task);
    }
  }

  #spawn(): Worker {
    const worker = spawnKeygenWorker();
    this.#live.add(worker);
    worker.on('message', (reply: KeygenReply) => this.#onReply(worker, reply));
    worker.on('error', (err) => this.#onFailure(worker, err));
    worker.on('exit', (exitCode) => {
      if (this.#live.has(worker)) this.#onFailure(worker, new Error(`worker exited with code ${exitCode}`));
    });
    return worker;
  }

  #onReply(worker: Worker, reply: KeygenReply): void {
    const job = this.#busy.get(worker);
    if (job === undefined || job.task.id !== reply.id) return;
    this.#busy.delete(worker);
    worker.unref();
    this.#idle.push(worker);
    if (reply.ok) job.resolve(fromRaw(reply.key));
    else job.reject(new UsesyncError(reply.code, reply.message));
    this.#afterJob();
  }

  #onFailure(worker: Worker, err: Error): void {
    if (!this.#live.delete(worker)) return;
    const job = this.#busy.get(worker);
    this.#busy.delete(worker);
    const idleAt = this.#idle.indexOf(worker);
    if (idleAt >= 0) this.#idle.splice(idleAt, 1);
    void worker.terminate();
    job?.reject(
      new UsesyncError(
        'PGP_WORKER_FAILED',
        `Cannot generate a PGP key for ${job.task.request.address}: the key generation worker failed`,
        { cause: err },
      ),
    );
    this.#afterJob();
  }

  #afterJob(): void {
    this.#pump();
    if (this.#queue.length === 0 && this.#busy.size === 0) {
      for (const resolve of this.#drainWaiters.splice(0)) resolve();
    }
  }
}
