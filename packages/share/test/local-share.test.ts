import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isSafeName, joinSharePath, LocalShare, unsafeNameReason } from '../src/index.js';
import { shareContract } from './share-contract.js';
import { shareSafetyContract } from './share-safety-contract.js';

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'usesync-local-share-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('LocalShare', () => {
  shareContract(
    () => new LocalShare(root),
    () => root,
  );

  shareSafetyContract(
    (options) => new LocalShare(root, options),
    () => root,
    '\\xff',
  );

  test('its location names the folder', () => {
    expect(new LocalShare(root).location).toBe(`local:${root}`);
  });
});

describe('path safety', () => {
  test.each([
    ['12345TE_use_import_2022-06-01_1600.useimport', undefined],
    ['', 'the name is empty'],
    ['a/b', 'the name contains a path separator'],
    ['a\\b', 'the name contains a path separator'],
    ['..', 'the name contains ".."'],
    ['x..y', 'the name contains ".."'],
    ['a\tb', 'the name contains a control character'],
    ['a\u0085b', 'the name contains a control character'],
    ['x'.repeat(256), 'the name is longer than 255 bytes'],
    ['ü'.repeat(128), 'the name is longer than 255 bytes'],
  ])('the name %j: %s', (name, reason) => {
    expect(unsafeNameReason(name)).toBe(reason);
    expect(isSafeName(name)).toBe(reason === undefined);
  });

  test('joinSharePath checks every segment', () => {
    expect(joinSharePath('keys/public', 'a.asc')).toBe('keys/public/a.asc');
    expect(joinSharePath('.', 'use')).toBe('use');
    expect(() => joinSharePath('use', '../x')).toThrow(/Cannot use the share path/);
  });
});
