import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseUseImport, parseUseImportBytes, printEntry } from '../src/index.js';

const manualFile = new URL('../../../examples/12345TE_use_import_2022-06-01_1600.useimport', import.meta.url);

describe('the manual examples', () => {
  test('the manual example file parses with no errors, only the expected warnings', () => {
    const { value, diagnostics } = parseUseImportBytes(readFileSync(manualFile));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([
      [2, 'USE016'],
      [6, 'USE014'],
      [8, 'USE014'],
    ]);
    expect(value.entries.map((e) => e.kind)).toEqual([
      'group',
      'group',
      'passphrase',
      'smime-state',
      'smime-state',
      'smime-state',
      'pgp-state',
      'pgp-state',
      'option',
    ]);
    expect(value.options['action-id']).toEqual({ value: 'RCR 123456', line: 9, lines: [9] });
    expect(value.terminatorLine).toBe(10);
  });

  test('the team certificate example: CN Support, team', () => {
    const { value } = parseUseImport(
      'smime-state:support@company.com; name:Support;keystate:1;teamcert:1\n#####\n',
    );
    expect(value.entries[0]).toEqual({
      kind: 'smime-state',
      line: 1,
      address: 'support@company.com',
      keyState: 1,
      name: 'Support',
      team: true,
    });
  });

  test('the personal certificate example derives first and last name', () => {
    const { value, diagnostics } = parseUseImport(
      'smime-state:john.doe@company.com; name:John Doe;keystate:1;teamcert:0\n#####\n',
    );
    expect(diagnostics).toEqual([]);
    expect(value.entries[0]).toMatchObject({ givenName: 'John', surname: 'Doe', team: false });
  });

  test('the revoke example needs nothing but the key state', () => {
    const { value, diagnostics } = parseUseImport('smime-state:john.doe@company.com;keystate:0\n#####\n');
    expect(diagnostics).toEqual([]);
    expect(value.entries[0]).toEqual({
      kind: 'smime-state',
      line: 1,
      address: 'john.doe@company.com',
      keyState: 0,
    });
  });

  test('the PGP example with validitytime and spacing', () => {
    const { value, diagnostics } = parseUseImport(
      'pgp-state: john.doe@company.com;keylength:4096;name:John Doe;comment:Retarus Key;keystate:1;keytype:RSA;validitytime:11y\n#####\n',
    );
    expect(diagnostics).toEqual([]);
    expect(value.entries[0]).toEqual({
      kind: 'pgp-state',
      line: 1,
      address: 'john.doe@company.com',
      keyState: 1,
      name: 'John Doe',
      keyLength: 4096,
      keyType: 'RSA',
      comment: 'Retarus Key',
      validity: { amount: 11, unit: 'y' },
    });
  });

  test('the identifier table example with spaces around the name value', () => {
    const { value, diagnostics } = parseUseImport(
      'pgp-state:john.doe@company.com;keylength:4096;name: John Doe;comment:Retarus Key;keystate:1;keytype:rsa;validity:1y\n#####\n',
    );
    expect(diagnostics).toEqual([]);
    expect(value.entries[0]).toMatchObject({ name: 'John Doe', keyType: 'RSA' });
  });

  test('the PGP delete example', () => {
    const { value, diagnostics } = parseUseImport('pgp-state: john.doe@company.com;keystate:0\n#####\n');
    expect(diagnostics).toEqual([]);
    expect(value.entries[0]).toEqual({
      kind: 'pgp-state',
      line: 1,
      address: 'john.doe@company.com',
      keyState: 0,
    });
  });

  test('the group and passphrase examples', () => {
    const { value, diagnostics } = parseUseImport(
      'group:alice@company.com;use_test_02\ngroup:domain-a.com;untouched\npassphrase:securePassword;smimeimport\n#####\n',
    );
    expect(diagnostics).toEqual([]);
    expect(value.entries[0]).toEqual({
      kind: 'group',
      line: 1,
      member: 'alice@company.com',
      memberKind: 'address',
      group: 'use_test_02',
    });
    expect(value.entries[1]).toMatchObject({
      member: 'domain-a.com',
      memberKind: 'domain',
      group: 'untouched',
    });
    const pass = value.entries[2];
    expect(pass?.kind === 'passphrase' && pass.passphrase.reveal()).toBe('securePassword');
  });

  test.each([
    ['option:RCR 123456;action-id', 'action-id', 'RCR 123456'],
    ['option:Report@Company.com;addmailreport', 'addmailreport', 'report@company.com'],
    ['option:admin@company.com;addmailadmin', 'addmailadmin', 'admin@company.com'],
    ['option:bcc@company.com;addmailbcc', 'addmailbcc', 'bcc@company.com'],
  ])('option line %s', (line, option, value) => {
    const r = parseUseImport(`${line}\n#####\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.entries[0]).toEqual({ kind: 'option', line: 1, option, value });
  });

  test('repeated options: the last one wins and the override is a warning naming both lines', () => {
    const r = parseUseImport('option:RCR 1;action-id\noption:RCR 2;action-id\n#####\n');
    expect(r.value.options['action-id']).toEqual({ value: 'RCR 2', line: 2, lines: [1, 2] });
    expect(r.diagnostics).toMatchObject([{ severity: 'warning', code: 'USE015', line: 2, related: [1] }]);
  });

  test('the printer writes the canonical form and masks passphrases', () => {
    const { value } = parseUseImportBytes(readFileSync(manualFile));
    expect(value.entries.map((e) => printEntry(e))).toMatchInlineSnapshot(`
      [
        "group:domain-a.com;untouched",
        "group:domain-b;untouched",
        "passphrase:••••••;smimeimport",
        "smime-state:support@company.com;name:Support;teamcert:1;keystate:1",
        "smime-state:john.doe@company.com;name:John Doe;firstname:John;lastname:Doe;teamcert:0;keystate:1",
        "smime-state:john.doe@company.com;keystate:0",
        "pgp-state:john.doe@company.com;name:John Doe;keylength:4096;comment:Retarus Key;keytype:RSA;validity:11y;keystate:1",
        "pgp-state:john.doe@company.com;keystate:0",
        "option:RCR 123456;action-id",
      ]
    `);
  });
});
