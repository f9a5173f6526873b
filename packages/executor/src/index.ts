// @usesync/executor: Applies a plan through the adapters (store, SwissSign, PGP, X.509, mail): write-ahead journal, exactly-once CA orders, key imports, semi-automatic CSV, the WatchDog; the data-directory workspace both apps use.
export {};
