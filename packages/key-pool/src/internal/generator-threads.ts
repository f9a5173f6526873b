import { Worker } from 'node:worker_threads';
import { UsesyncError } from '@usesync/domain';
import type { PooledKeyKind } from '@usesync/store';

// Plain CommonJS run with `eval`: it needs only node:crypto, so it starts the same from the
// TypeScript sources (tests) and from dist/ (no resolve hooks, no second file to ship).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { generateKeyPairSync } = require('node:crypto');
const { setPriority } = require('node:os');
let lowered = false;
// On Linux a thread has its own nice value: priority 0 targets this thread only.
try { setPriority(workerData.priority); lowered = true; } catch {}
const specs = {
  'rsa-2048': ['rsa', { modulusLength: 2048, publicExponent: 65537 }],
  'rsa-3072': ['rsa', { modulusLength: 3072, publicExponent: 65537 }],
  'rsa-4096': ['rsa', { modulusLength: 4096, publicExponent: 65537 }],
  'ec-p256': ['ec', { namedCurve: 'P-256' }],
  'ec-p384': ['ec', { namedCurve: 'P-384' }],
};
parentPort.postMessage({ ready: true, lowered });
parentPort.on('message', ({ id, kind }) => {
  try {
    const [type, options] = specs[kind];
    const { privateKey } = generateKeyPairSync(type, options);
    const der = new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
    parentPort.postMessage({ id, der }, [der.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) });
  }
});
`;

interface Reply {
  readonly id?: number;
  readonly ready?: boolean;
  readonly lowered?: boolean;
  readonly der?: Uint8Array;
  readonly error?: string;
}

/** One low-priority thread that makes raw private keys, one at a time. */
export class GeneratorThread {
  readonly #worker: Worker;
  readonly #ready: Promise<boolean>;
  #pending: { id: number; resolve: (der: Uint8Array) => void; reject: (e: Error) => void } | undefined;
  #nextId = 1;

  /** `priority`: the thread's nice value (19 = lowest); ignored where the OS refuses it. */
  constructor(priority: number) {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { priority } });
    this.#ready = new Promise((resolve, reject) => {
      const onFirst = (reply: Reply) => {
        if (reply.ready) resolve(reply.lowered === true);
      };
      this.#worker.once('message', onFirst);
      this.#worker.once('error', reject);
    });
    this.#worker.on('message', (reply: Reply) => this.#onReply(reply));
    this.#worker.on('error', (e) => this.#fail(e));
    this.#worker.on('exit', (code) => this.#fail(new Error(`the key generation thread exited (${code})`)));
  }

  /** True when the OS accepted the lowered priority. */
  lowered(): Promise<boolean> {
    return this.#ready;
  }

  /** Makes one key; PKCS#8 DER. */
  async generate(kind: PooledKeyKind): Promise<Uint8Array> {
    await this.#ready;
    if (this.#pending) throw new Error('one key at a time per generator thread');
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending = { id, resolve, reject };
      this.#worker.postMessage({ id, kind });
    });
  }

  /** Stops the thread (a key being made is dropped). */
  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }

  #onReply(reply: Reply): void {
    const p = this.#pending;
    if (reply.id === undefined || p === undefined || p.id !== reply.id) return;
    this.#pending = undefined;
    if (reply.der) p.resolve(reply.der);
    else
      p.reject(new UsesyncError('KEY_POOL_GENERATE_FAILED', `Cannot generate a pooled key: ${reply.error}`));
  }

  #fail(e: Error): void {
    const p = this.#pending;
    this.#pending = undefined;
    p?.reject(
      new UsesyncError('KEY_POOL_GENERATE_FAILED', 'Cannot generate a pooled key: the thread failed', {
        cause: e,
      }),
    );
  }
}
