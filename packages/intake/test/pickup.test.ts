import type { RefusedEntry, ShareEntry } from '@usesync/share';
import { describe, expect, test } from 'vitest';
import { groupSyncs, hasTerminator, importKindOf, type SeenFile, triagePoll } from '../src/index.js';

const file = (name: string, size = 10, mtimeMs = 1000): ShareEntry => ({ name, kind: 'file', size, mtimeMs });
const files = (...entries: ShareEntry[]) => ({ files: entries });

describe('triagePoll', () => {
  test('a file is ready only when size and mtime equal the previous poll', () => {
    const first = triagePoll('12345TE', files(file('12345TE_a.useimport')), new Map(), 100);
    expect(first.triage).toEqual([{ kind: 'wait', name: '12345TE_a.useimport', reason: 'first-seen' }]);
    const grown = triagePoll('12345TE', files(file('12345TE_a.useimport', 20)), first.seen, 100);
    expect(grown.triage[0]).toMatchObject({ kind: 'wait', reason: 'growing' });
    const stable = triagePoll('12345TE', files(file('12345TE_a.useimport', 20)), grown.seen, 100);
    expect(stable.triage[0]).toEqual({
      kind: 'ready',
      name: '12345TE_a.useimport',
      size: 20,
      fileKind: 'useimport',
    });
  });

  test.each([
    ['OTHER_a.useimport', 'wrong-tenant', true],
    ['12345TEa.useimport', 'wrong-tenant', true],
  ])('%j is refused as %s', (name, code, removable) => {
    const { triage } = triagePoll('12345TE', files(file(name)), new Map(), 100);
    expect(triage[0]).toMatchObject({ kind: 'refuse', code, removable });
  });

  test('entries the share refused at listing are refused with its reason; unreadable names always', () => {
    const refused: RefusedEntry[] = [
      {
        name: '12345TE_\\xff.useimport',
        code: 'undecodable-name',
        reason: 'the name is not valid UTF-8',
        addressable: false,
      },
      { name: 'x\\x07', code: 'unsafe-name', reason: 'control character', addressable: false },
      { name: '12345TE_l.useimport', code: 'symlink', reason: 'a symbolic link', addressable: true },
      { name: 'notes', code: 'directory', reason: 'a folder', addressable: true },
      {
        name: `12345TE_${'a'.repeat(240)}.useimport`,
        code: 'name-too-long',
        reason: 'too long',
        addressable: true,
      },
    ];
    const { triage } = triagePoll('12345TE', { files: [], refused }, new Map(), 100);
    expect(triage.map((t) => (t.kind === 'refuse' ? [t.code, t.removable] : t.kind))).toEqual([
      ['undecodable-name', false],
      ['unsafe-name', false],
      ['not-a-file', false],
      ['name-too-long', true],
    ]);
  });

  test('links are refused and never followed; oversized files are refused before download', () => {
    const { triage } = triagePoll(
      '12345TE',
      files({ ...file('12345TE_l.useimport'), kind: 'other' }, file('12345TE_big.ruleimport', 101)),
      new Map<string, SeenFile>(),
      100,
    );
    expect(triage.map((t) => (t.kind === 'refuse' ? t.code : t.kind))).toEqual(['not-a-file', 'oversized']);
  });

  test('other files (temporary uploads, reports) are not considered', () => {
    const { triage } = triagePoll(
      '12345TE',
      files(file('12345TE_a.useimport.filepart'), file('notes.txt')),
      new Map(),
      100,
    );
    expect(triage).toEqual([]);
    expect(importKindOf('X_A.RULEIMPORT')).toBe('ruleimport');
  });
});

test('the ##### terminator tells a complete .useimport', () => {
  const enc = new TextEncoder();
  expect(hasTerminator(enc.encode('a;b\r\n#####\r\n'))).toBe(true);
  expect(hasTerminator(enc.encode('a;b\n####'))).toBe(false);
  // The grammar's own definition: six are a terminator too.
  expect(hasTerminator(enc.encode('a;b\n######\n'))).toBe(true);
});

test('a .useimport and a .ruleimport of one poll form one sync; extra files go alone', () => {
  const f = (name: string) => ({ name, fileKind: importKindOf(name) ?? 'useimport' });
  const groups = groupSyncs([f('T_b.useimport'), f('T_r.ruleimport'), f('T_a.useimport')]);
  expect(groups.map((g) => g.map((x) => x.name))).toEqual([
    ['T_a.useimport', 'T_r.ruleimport'],
    ['T_b.useimport'],
  ]);
});
