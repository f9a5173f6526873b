import type { ArchivedKeyInfo, CoordinatedStore, Store, TenantId } from '@usesync/domain';
import { UsesyncError } from '@usesync/domain';

/** The kinds of pre-generated key pairs a pool holds: algorithm and size. */
export type PooledKeyKind = 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ec-p256' | 'ec-p384';

/** Every {@link PooledKeyKind}, in a stable order. */
export const POOLED_KEY_KINDS: readonly PooledKeyKind[] = [
  'rsa-2048',
  'rsa-3072',
  'rsa-4096',
  'ec-p256',
  'ec-p384',
];

/** What a taken key is used for: recorded with the take, in the same transaction. */
export interface PooledKeyUse {
  readonly tenant: TenantId;
  readonly address: string;
  /** The journal action id (e.g. `smime-create:a@x.com`). */
  readonly actionId: string;
  /** What the key became. */
  readonly purpose: 'smime' | 'pgp';
}

/** One key taken out of the pool. */
export interface TakenPooledKey {
  /** Random id of the pool entry (also the key of its use record). */
  readonly id: string;
  readonly kind: PooledKeyKind;
  /** The private key, PKCS#8 DER (decrypted). */
  readonly pkcs8: Uint8Array;
}

/** A use record: which pool entry went to which tenant, address and action. */
export interface PooledKeyUseRecord extends PooledKeyUse {
  readonly id: string;
  readonly kind: PooledKeyKind;
  readonly takenAt: string;
}

/** Options of {@link KeyPoolStore.take}. */
export interface TakeOptions {
  /**
   * Also file the (single) taken key in the tenant's archive under this entry, in the same
   * transaction (S/MIME keys that await their certificate, `format` `pkcs8-der`).
   */
  readonly archive?: Omit<ArchivedKeyInfo, 'size' | 'address' | 'kind'>;
}

/**
 * The pool of pre-generated private keys, shared by every tenant of a store. Keys are sealed at
 * rest like the key archive (AES-256-GCM under the key-encryption key, bound to kind and id).
 */
export interface KeyPoolStore {
  /** Adds PKCS#8 DER keys of one kind; returns how many were added. */
  add(kind: PooledKeyKind, keys: readonly Uint8Array[]): Promise<number>;
  /**
   * Takes `count` keys of a kind, all or none (undefined when the pool holds fewer), and records
   * their use in the same transaction; a key is never handed out twice, even to stores racing
   * on one PostgreSQL database. With `archive` (count 1) the key is archived for the tenant too.
   */
  take(
    kind: PooledKeyKind,
    count: number,
    use: PooledKeyUse,
    options?: TakeOptions,
  ): Promise<TakenPooledKey[] | undefined>;
  /** Keys waiting in the pool, per kind (every kind present, 0 when none). */
  sizes(): Promise<Record<PooledKeyKind, number>>;
  /** Use records of a tenant, oldest first. */
  uses(tenant: TenantId): Promise<PooledKeyUseRecord[]>;
}

/** A store that offers a key pool (both engines of this package do). */
export interface KeyPoolingStore extends CoordinatedStore {
  readonly keyPool: KeyPoolStore;
}

/**
 * The key pool of a store opened by this package (e.g. through `openDataDirStore` or
 * `openStoreFromUrl`, typed as the plain port). Throws `STORE_NO_KEY_POOL` for other stores.
 */
export function keyPoolOf(store: Store): KeyPoolStore {
  const pool = (store as Partial<KeyPoolingStore>).keyPool;
  if (pool === undefined) {
    throw new UsesyncError('STORE_NO_KEY_POOL', 'Cannot use the key pool: this store does not offer one');
  }
  return pool;
}

/** Checks a take request; shared by both engines. */
export function checkTake(kind: PooledKeyKind, count: number, options?: TakeOptions): void {
  if (!POOLED_KEY_KINDS.includes(kind)) {
    throw new UsesyncError(
      'STORE_INVALID_ARGUMENT',
      `Cannot take a pooled key: unknown kind ${String(kind)}`,
    );
  }
  if (!Number.isInteger(count) || count < 1 || (options?.archive !== undefined && count !== 1)) {
    throw new UsesyncError(
      'STORE_INVALID_ARGUMENT',
      `Cannot take ${count} pooled keys: expected a positive whole number (1 when archiving)`,
    );
  }
}
