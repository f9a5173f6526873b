// @usesync/store: The live state of the gateway: store interface, contract tests, SQLite (node:sqlite) implementation.
export {};
