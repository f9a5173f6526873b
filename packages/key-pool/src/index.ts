// @usesync/key-pool: a sealed pool of pre-generated key pairs, filled off the sync path (CLI, the
// worker when idle) and taken by S/MIME and PGP key creation. The keys live in the store
// (`@usesync/store`'s `keyPool`), sealed like the key archive.
export type { KeyPoolCounters, KindCounts } from './counters.js';
export { fillOrder, newCounters, zeroCounts } from './counters.js';
export type { KeyPoolFillerOptions } from './filler.js';
export { KeyPoolFiller } from './filler.js';
export type {
  FillBudget,
  FillOptions,
  FillResult,
  KeyPoolOptions,
  KeyPoolStatus,
  PgpKeyTake,
  SmimeKeyTake,
} from './key-pool.js';
export { KeyPool } from './key-pool.js';
export { kindOfKeySpec, kindOfPgpBits, kindOfSmimeAlgorithm, kindsForConfig } from './kinds.js';
