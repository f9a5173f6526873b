import type { GroupEntry } from '@usesync/import-file';
import { printEntry } from '@usesync/import-file';
import type { PlanInput } from '../input.js';
import type { PlanBuilder } from './builder.js';
import type { LiveIndex } from './live-index.js';

/**
 * Plans the group section (manual step 3.3). Groups are full state: a group named in the file
 * holds exactly the listed members afterwards; groups not named stay as they are.
 */
export function planGroups(input: PlanInput, idx: LiveIndex, b: PlanBuilder): void {
  const targets = new Map<string, Map<string, number>>();
  for (const e of input.useImport?.entries ?? []) {
    if (e.kind !== 'group') continue;
    const entry: GroupEntry = e;
    let members = targets.get(entry.group);
    if (!members) {
      members = new Map();
      targets.set(entry.group, members);
    }
    const text = printEntry(entry);
    const first = members.get(entry.member);
    if (first !== undefined) {
      b.verdict(
        'useimport',
        entry.line,
        '(%)',
        'group',
        text,
        `listed already on line ${first}`,
        [],
        entry.member,
      );
      continue;
    }
    members.set(entry.member, entry.line);
    if (idx.groups.get(entry.group)?.has(entry.member)) {
      b.verdict(
        'useimport',
        entry.line,
        '(%)',
        'group',
        text,
        `already a member of ${entry.group}`,
        [],
        entry.member,
      );
      continue;
    }
    const action = b.add('groups', {
      kind: 'group-add',
      id: `group-add:${entry.group}:${entry.member}`,
      line: entry.line,
      reason: 'listed in the file',
      group: entry.group,
      member: entry.member,
    });
    b.verdict('useimport', entry.line, '(+)', 'group', text, `add to ${entry.group}`, [action], entry.member);
  }
  for (const group of [...targets.keys()].sort()) {
    const wanted = targets.get(group)!;
    for (const member of [...(idx.groups.get(group) ?? [])].sort()) {
      if (wanted.has(member)) continue;
      b.add('groups', {
        kind: 'group-remove',
        id: `group-remove:${group}:${member}`,
        reason: `not listed for ${group} (groups are full state)`,
        group,
        member,
      });
    }
  }
}
