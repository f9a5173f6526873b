// The pick-up rules live in @usesync/intake; re-exported for the worker's public API.
export {
  groupSyncs,
  hasTerminator,
  type ImportKind,
  importKindOf,
  type RefusalCode,
  type SeenFile,
  type Triage,
  triagePoll,
} from '@usesync/intake';

import { printableName } from '@usesync/share';

/** A printable form of an untrusted upload name for reports and logs. */
export const shownName = printableName;
