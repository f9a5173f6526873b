// @usesync/store: the live state of the gateway. The interface (`Store`) lives in @usesync/domain;
// this package implements it on SQLite (node:sqlite) and PostgreSQL (pg), with the coordination
// primitives of several worker replicas, and manages the key-encryption key.
export type { DataDirStoreOptions } from './data-dir.js';
export { openDataDirStore, STORE_FILE } from './data-dir.js';
export { KeyEncryptionKey } from './kek.js';
export type { LoadKekOptions } from './kek-file.js';
export { KEK_ENV, KEK_FILE, loadKek } from './kek-file.js';
export type {
  KeyPoolingStore,
  KeyPoolStore,
  PooledKeyKind,
  PooledKeyUse,
  PooledKeyUseRecord,
  TakenPooledKey,
  TakeOptions,
} from './key-pool-port.js';
export { keyPoolOf, POOLED_KEY_KINDS } from './key-pool-port.js';
export type { KeptLease, LeaseKeeperOptions } from './lease-keeper.js';
export { keepLeases } from './lease-keeper.js';
export type { OpenStoreOptions, StoreLocation } from './open-store.js';
export { openStoreFromUrl, parseStoreLocation, STORE_ENV } from './open-store.js';
export type { PgMigrationResult } from './postgres/pg-schema.js';
export { PG_SCHEMA_VERSION } from './postgres/pg-schema.js';
export type { PostgresStore, PostgresStoreOptions } from './postgres/postgres-store.js';
export { migratePostgres, openPostgresStore } from './postgres/postgres-store.js';
export type { SqliteStoreOptions } from './sqlite-store.js';
export { openSqliteStore } from './sqlite-store.js';
