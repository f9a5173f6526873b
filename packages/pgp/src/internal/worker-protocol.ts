import type { KeyPolicy } from '../key-request.js';
import type { RawGeneratedKey, RsaSource, WireKeyRequest } from './generate-core.js';

/** One key to make, sent from the pool to a worker. */
export interface KeygenTask {
  readonly id: number;
  readonly request: WireKeyRequest;
  readonly policy: KeyPolicy;
  readonly source: RsaSource;
}

/** A worker's answer to a {@link KeygenTask}. */
export type KeygenReply =
  | { readonly id: number; readonly ok: true; readonly key: RawGeneratedKey }
  | { readonly id: number; readonly ok: false; readonly code: string; readonly message: string };
