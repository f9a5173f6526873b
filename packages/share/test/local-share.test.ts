import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  decodeRawName,
  isSafeName,
  joinSharePath,
  LocalShare,
  MAX_UPLOAD_NAME_BYTES,
  printableName,
  unsafeNameReason,
  uploadNameReason,
} from '../src/index.js';
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

describe('raw and upload names', () => {
  test('a valid UTF-8 name decodes as it is', () => {
    expect(decodeRawName(Buffer.from('12345TE_bücher.useimport'))).toEqual({
      name: '12345TE_bücher.useimport',
      valid: true,
    });
  });

  test('invalid bytes are escaped one by one, the valid parts kept and control characters escaped', () => {
    const raw = Buffer.concat([Buffer.from('a\u0007ü'), Buffer.from([0xff, 0xc3]), Buffer.from('.x')]);
    expect(decodeRawName(raw)).toEqual({ name: 'a\\u0007ü\\xff\\xc3.x', valid: false });
  });

  test('U+FFFD (an SFTP server name that was not UTF-8) is shown escaped', () => {
    expect(printableName('a\ufffd.useimport')).toBe('a\\ufffd.useimport');
  });

  test('upload names are measured in UTF-8 bytes against MAX_UPLOAD_NAME_BYTES', () => {
    expect(MAX_UPLOAD_NAME_BYTES).toBe(223);
    expect(uploadNameReason('x'.repeat(223))).toBeUndefined();
    expect(uploadNameReason('x'.repeat(224))).toMatch(/224 bytes; at most 223/);
    expect(uploadNameReason('ü'.repeat(112))).toMatch(/224 bytes/);
    expect(uploadNameReason('a/b')).toBe('the name contains a path separator');
  });
});
