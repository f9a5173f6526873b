import type { RefusedEntry, ShareEntry } from '@usesync/share';

/** What a poll saw of a file: compared with the next poll to tell a finished upload. */
export interface SeenFile {
  readonly size: number;
  readonly mtimeMs: number;
}

/** Why an upload is refused (reported, never processed). */
export type RefusalCode =
  | 'unsafe-name'
  | 'not-a-file'
  | 'wrong-tenant'
  | 'oversized'
  | 'already-processed'
  | 'undecodable-name'
  | 'name-too-long'
  | 'outside-root'
  | 'sync-failed';

/** `.useimport` or `.ruleimport`. */
export type ImportKind = 'useimport' | 'ruleimport';

/** The verdict of one poll on one entry of `use/`. */
export type Triage =
  /** Stable across two polls: download, check the terminator, process. */
  | { readonly kind: 'ready'; readonly name: string; readonly size: number; readonly fileKind: ImportKind }
  /** First seen, or still changing: look again next poll. */
  | { readonly kind: 'wait'; readonly name: string; readonly reason: 'first-seen' | 'growing' }
  /** Refused: report it. `removable`: the name is safe to address, so the file may be deleted. */
  | {
      readonly kind: 'refuse';
      readonly name: string;
      readonly code: RefusalCode;
      readonly reason: string;
      readonly removable: boolean;
    };

/** The import kind of a file name by suffix (case-insensitive), or undefined for other files. */
export function importKindOf(name: string): ImportKind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.useimport')) return 'useimport';
  if (lower.endsWith('.ruleimport')) return 'ruleimport';
  return undefined;
}

/** The intake's code for an entry the share refused at listing (`listUploads`). */
function codeOf(r: RefusedEntry): RefusalCode {
  switch (r.code) {
    case 'undecodable-name':
    case 'unsafe-name':
    case 'name-too-long':
    case 'outside-root':
      return r.code;
    default:
      return 'not-a-file';
  }
}

/**
 * The pick-up rules of one poll, pure. `files` and `refused` are `listUploads`' answer: only
 * `.useimport`/`.ruleimport` names are considered (a refused entry whose name cannot be read is
 * always reported: it might be one); entries the share refused (undecodable, unsafe or too long
 * names, links, special files, folders) are refused with the share's reason; names without the
 * `<tenant>_` prefix and files over `maxFileBytes` are refused; the rest are ready once size and
 * mtime are the same as in the previous poll. Returns the verdicts and what to remember for the
 * next poll. Whether a name was processed before, and the terminator, are checked by the caller.
 */
export function triagePoll(
  tenant: string,
  listing: { readonly files: readonly ShareEntry[]; readonly refused?: readonly RefusedEntry[] },
  previous: ReadonlyMap<string, SeenFile>,
  maxFileBytes: number,
): { triage: Triage[]; seen: Map<string, SeenFile> } {
  const triage: Triage[] = [];
  const seen = new Map<string, SeenFile>();
  for (const r of listing.refused ?? []) {
    const unreadable = r.code === 'undecodable-name' || r.code === 'unsafe-name';
    if (!unreadable && importKindOf(r.name) === undefined) continue;
    triage.push({
      kind: 'refuse',
      name: r.name,
      code: codeOf(r),
      reason: r.reason,
      removable: r.addressable && r.code === 'name-too-long',
    });
  }
  for (const e of listing.files) {
    const fileKind = importKindOf(e.name);
    if (fileKind === undefined) continue;
    const name = e.name;
    if (e.kind !== 'file') {
      triage.push({
        kind: 'refuse',
        name,
        code: 'not-a-file',
        reason: 'it is not a regular file (links are never followed)',
        removable: false,
      });
      continue;
    }
    if (!name.startsWith(`${tenant}_`)) {
      triage.push({
        kind: 'refuse',
        name,
        code: 'wrong-tenant',
        reason: `the name must start with "${tenant}_" (the tenant prefix)`,
        removable: true,
      });
      continue;
    }
    if (e.size > maxFileBytes) {
      triage.push({
        kind: 'refuse',
        name,
        code: 'oversized',
        reason: `it has ${e.size} bytes; the limit is ${maxFileBytes} (limits.maxFileBytes)`,
        removable: true,
      });
      continue;
    }
    const now: SeenFile = { size: e.size, mtimeMs: e.mtimeMs };
    seen.set(name, now);
    const before = previous.get(name);
    if (before === undefined) triage.push({ kind: 'wait', name, reason: 'first-seen' });
    else if (before.size !== now.size || before.mtimeMs !== now.mtimeMs)
      triage.push({ kind: 'wait', name, reason: 'growing' });
    else triage.push({ kind: 'ready', name, size: e.size, fileKind });
  }
  return { triage, seen };
}

/**
 * Groups ready files into syncs: in name order, the n-th `.useimport` with the n-th `.ruleimport`
 * (files uploaded together form one sync); the rest alone.
 */
export function groupSyncs<T extends { readonly name: string; readonly fileKind: ImportKind }>(
  ready: readonly T[],
): T[][] {
  const byName = [...ready].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const uses = byName.filter((f) => f.fileKind === 'useimport');
  const rules = byName.filter((f) => f.fileKind === 'ruleimport');
  const out: T[][] = [];
  for (let i = 0; i < Math.max(uses.length, rules.length); i++) {
    out.push([uses[i], rules[i]].filter((f): f is T => f !== undefined));
  }
  return out;
}
