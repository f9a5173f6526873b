// @usesync/store: the live state of the gateway. The interface (`Store`) lives in @usesync/domain;
// this package implements it on SQLite (node:sqlite) and manages the key-encryption key.
export type { DataDirStoreOptions } from './data-dir.js';
export { openDataDirStore, STORE_FILE } from './data-dir.js';
export { KeyEncryptionKey } from './kek.js';
export type { LoadKekOptions } from './kek-file.js';
export { KEK_ENV, KEK_FILE, loadKek } from './kek-file.js';
export type { SqliteStoreOptions } from './sqlite-store.js';
export { openSqliteStore } from './sqlite-store.js';
