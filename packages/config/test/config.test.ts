import { describe, expect, test } from 'vitest';
import {
  defaultTenantConfig,
  formatKeyPath,
  parseTenantConfig,
  renderDefaultTenantConfigYaml,
  type TenantConfig,
} from '../src/index.js';

const ok = (yaml: string): TenantConfig => {
  const r = parseTenantConfig(yaml);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (r.value === undefined) throw new Error('no value');
  return r.value;
};
const errors = (yaml: string) => {
  const r = parseTenantConfig(yaml);
  expect(r.value).toBeUndefined();
  return r.diagnostics.filter((d) => d.severity === 'error');
};

describe('defaults', () => {
  test('a file with only the tenant id gets every documented default', () => {
    const c = ok('tenant:\n  id: 12345TE\n');
    expect(c).toEqual(defaultTenantConfig('12345TE'));
    expect(c.features).toEqual({ pgp: true, smime: true });
    expect(c.pgp).toEqual({
      defaultKeyLength: 4096,
      defaultValidity: '1y',
      defaultKeyType: 'RSA',
      minimumKeyLength: 2048,
      allowWeakKeys: false,
    });
    expect(c.smime.source).toBe('ca');
    expect(c.smime.mode).toBe('automatic');
    expect(c.smime.maxLiveCertificates).toBe(1000);
    expect(c.smime.keyAlgorithm).toBe('RSA-3072');
    expect(c.smime.products).toEqual({ personal: 'personal', team: 'team' });
    expect(c.smime.revocation).toEqual({ reason: 'CESSATION_OF_OPERATION', requestor: 'usesync' });
    expect(c.smime.defaultImportPassphrase).toBeUndefined();
    expect(c.watchdog).toEqual({
      enabled: true,
      mode: 'automatic',
      chained: true,
      bufferHours: 48,
      schedule: '0 6 * * *',
    });
    expect(c.state).toBe('single-user');
    expect(c.revocationGuard).toEqual({ percent: 10, minimum: 25, windowHours: 24 });
    expect(c.reports).toEqual({ report: [], admin: [], smimeReport: [], bcc: [] });
    expect(c.pushback).toBe(true);
    expect(c.share).toEqual({
      kind: 'local',
      root: 'share',
      useDir: 'use',
      publicKeysDir: 'keys/public',
      privateKeysDir: 'keys/private',
      returnDir: 'return',
      fileMode: 0o640,
    });
    expect(c.limits.maxFileBytes).toBe(104_857_600);
  });

  test('the commented default YAML parses back to exactly the defaults', () => {
    const text = renderDefaultTenantConfigYaml('12345TE');
    expect(text).toContain('# ');
    const r = parseTenantConfig(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual(defaultTenantConfig('12345TE'));
  });

  test('the commented-out optional settings are valid once uncommented', () => {
    const text = renderDefaultTenantConfigYaml('ACME1')
      .replace('  subject: {}\n  #   organization', '  subject:\n    organization')
      .replace(/\n {2}# {3}(organizationalUnit|country|state|locality)/g, '\n    $1')
      .replace('  # defaultImportPassphrase: { env', '  defaultImportPassphrase: { env');
    const c = ok(text);
    expect(c.smime.subject).toEqual({
      organization: 'Example Ltd.',
      organizationalUnit: 'IT',
      country: 'CH',
      state: 'Zurich',
      locality: 'Zurich',
    });
    expect(c.smime.defaultImportPassphrase).toEqual({ env: 'USESYNC_ACME1_IMPORT_PASSPHRASE' });
  });

  test.each(['12345', '0x1F', 'True', 'null', '1e5'])(
    'the default YAML of tenant %j parses back to the defaults',
    (id) => {
      expect(parseTenantConfig(renderDefaultTenantConfigYaml(id)).value).toEqual(defaultTenantConfig(id));
    },
  );

  test('an unquoted numeric tenant id is refused with a hint to quote it', () => {
    expect(errors('tenant:\n  id: 12345\n')[0]?.message).toBe(
      'tenant.id: expected a string: put the tenant id in quotes, e.g. id: "12345"',
    );
  });

  test('a tenant id with other characters than letters and digits is refused', () => {
    expect(() => defaultTenantConfig('12345-TE')).toThrow(/letters and digits/);
    expect(errors('tenant:\n  id: "../x"\n')[0]?.message).toBe(
      'tenant.id: expected letters and digits only, e.g. "12345TE"',
    );
  });
});

describe('validation errors name the key path', () => {
  const base = 'tenant:\n  id: T1\n';
  test.each([
    ['smime:\n  maxLiveCertificates: -3\n', 'smime.maxLiveCertificates: expected a positive integer'],
    ['smime:\n  maxLiveCertificates: many\n', 'smime.maxLiveCertificates: expected a positive integer'],
    ['smime:\n  mode: manual\n', 'smime.mode: expected one of "automatic", "semi-automatic"'],
    [
      'smime:\n  keyAlgorithm: RSA-1024\n',
      'smime.keyAlgorithm: expected one of "RSA-2048", "RSA-3072", "RSA-4096", "ECDSA-P256", "ECDSA-P384"; did you mean `RSA-2048` or `RSA-3072`?',
    ],
    [
      'smime:\n  revocation:\n    reason: UNSPECIFIED\n',
      'smime.revocation.reason: expected one of "UNUSED", "KEY_COMPROMISE", "AFFILIATION_CHANGED", "SUPERSEDED", "CESSATION_OF_OPERATION"',
    ],
    [
      'smime:\n  subject:\n    country: Switzerland\n',
      'smime.subject.country: expected a two-letter upper-case country code, e.g. "CH"',
    ],
    ['smime:\n  products:\n    team: ""\n', 'smime.products.team: expected a non-empty string'],
    ['pgp:\n  defaultKeyLength: 3072\n', 'pgp.defaultKeyLength: expected 1024, 2048 or 4096'],
    [
      'pgp:\n  defaultValidity: forever\n',
      'pgp.defaultValidity: expected a validity such as "1y", "6m" or "30d"',
    ],
    [
      'pgp:\n  defaultKeyType: DSA\n',
      'pgp.defaultKeyType: expected "RSA" (DSA keys are not generated by usesync)',
    ],
    ['pgp:\n  allowWeakKeys: yes please\n', 'pgp.allowWeakKeys: expected true or false'],
    ['features: 3\n', 'features: expected object, got number 3'],
    ['watchdog:\n  bufferHours: 0\n', 'watchdog.bufferHours: expected a positive number of hours'],
    [
      'watchdog:\n  schedule: every day\n',
      'watchdog.schedule: expected a cron expression with five fields, e.g. "0 6 * * *"',
    ],
    ['state: aggregate\n', 'state: expected one of "single-user", "aggregated"; did you mean `aggregated`?'],
    ['state: 1\n', 'state: expected one of "single-user", "aggregated"'],
    [
      'revocationGuard:\n  percent: 150\n',
      'revocationGuard.percent: expected a percentage between 0 and 100',
    ],
    ['revocationGuard:\n  minimum: -1\n', 'revocationGuard.minimum: expected a non-negative integer'],
    [
      'reports:\n  admin:\n    - ok@example.com\n    - not-an-address\n',
      'reports.admin[1]: "not-an-address" is not a valid e-mail address',
    ],
    ['reports:\n  bcc: audit@example.com\n', 'reports.bcc: expected a list of e-mail addresses'],
    ['pushback: 1\n', 'pushback: expected true or false'],
    ['share:\n  returnDir: ../../etc\n', 'share.returnDir: expected a relative directory without `..`'],
    ['share:\n  kind: sftp\n', 'share.sftp: required when share.kind is "sftp"'],
    [
      'share:\n  kind: sftp\n  sftp:\n    host: h\n    username: u\n    privateKeyFile: /k\n',
      'share.sftp: the server host key must be pinned: set hostKeyFingerprint or knownHostsFile',
    ],
    [
      'share:\n  sftp:\n    host: h\n    username: u\n    privateKeyFile: /k\n    port: 70000\n    knownHostsFile: /kh\n',
      'share.sftp.port: expected a port number',
    ],
    ['limits:\n  maxFileBytes: 1.5\n', 'limits.maxFileBytes: expected a positive number of bytes'],
  ])('%j reports %j', (extra, message) => {
    const es = errors(base + extra);
    expect(es.map((e) => e.message)).toContain(message);
  });

  test('a missing tenant id is reported as required', () => {
    const es = errors('features:\n  pgp: true\n');
    expect(es.map((e) => [e.code, e.message])).toEqual([['CFG004', 'tenant: is required']]);
    expect(errors('tenant: {}\n').map((e) => e.message)).toEqual(['tenant.id: is required']);
    expect(errors('').map((e) => e.message)).toEqual(['tenant: is required']);
  });

  test('an unknown key is reported with its path, position and a suggestion', () => {
    const es = errors('tenant:\n  id: T1\nsmime:\n  maxLiveCertificate: 5\n');
    expect(es).toHaveLength(1);
    expect(es[0]).toMatchObject({
      code: 'CFG003',
      message: 'smime.maxLiveCertificate: unknown key; did you mean `maxLiveCertificates`?',
      hint: 'did you mean `maxLiveCertificates`?',
      line: 4,
      column: 3,
    });
    expect(errors('tenant:\n  id: T1\nsmine: {}\n')[0]?.hint).toBe('did you mean `smime`?');
    expect(errors('tenant:\n  id: T1\nxyzzy: 1\n')[0]?.message).toBe('xyzzy: unknown key');
  });

  test('every error is reported in one pass, each at the line of its value', () => {
    const es = errors(
      'tenant:\n  id: T1\nsmime:\n  maxLiveCertificates: 0\nwatchdog:\n  chained: maybe\nstate: x\n',
    );
    expect(es.map((e) => [e.line, e.message.split(':')[0]])).toEqual([
      [4, 'smime.maxLiveCertificates'],
      [6, 'watchdog.chained'],
      [7, 'state'],
    ]);
    expect(es[0]?.column).toBe(24);
  });

  test('a suggestion is offered for a misspelt enumeration value', () => {
    expect(errors('tenant:\n  id: T1\nstate: agregated\n')[0]?.hint).toBe('did you mean `aggregated`?');
  });

  test('malformed YAML is a CFG001 diagnostic with a position, not an exception', () => {
    const r = parseTenantConfig('tenant:\n  id: T1\n  id: T2\nfeatures: [\n');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.code === 'CFG001' && d.line >= 1)).toBe(true);
  });

  test('formatKeyPath renders nested keys and list indices', () => {
    expect(formatKeyPath(['reports', 'admin', 2])).toBe('reports.admin[2]');
    expect(formatKeyPath([])).toBe('(root)');
  });
});

describe('policies', () => {
  test('a minimum key length of 1024 is refused unless weak keys are allowed, saying why', () => {
    const es = errors('tenant:\n  id: T1\npgp:\n  minimumKeyLength: 1024\n');
    expect(es).toHaveLength(1);
    expect(es[0]?.code).toBe('CFG005');
    expect(es[0]?.message).toMatch(
      /^pgp\.minimumKeyLength: refused: 1024-bit RSA keys are considered breakable/,
    );
    expect(es[0]?.message).toContain('pgp.allowWeakKeys: true');
    expect(es[0]?.line).toBe(4);

    const c = ok(
      'tenant:\n  id: T1\npgp:\n  minimumKeyLength: 1024\n  defaultKeyLength: 1024\n  allowWeakKeys: true\n',
    );
    expect(c.pgp.minimumKeyLength).toBe(1024);
    expect(c.pgp.defaultKeyLength).toBe(1024);
  });

  test('a default key length below the minimum is refused', () => {
    const es = errors('tenant:\n  id: T1\npgp:\n  minimumKeyLength: 4096\n  defaultKeyLength: 2048\n');
    expect(es.map((e) => e.message)).toEqual([
      'pgp.defaultKeyLength: must be at least pgp.minimumKeyLength (4096)',
    ]);
  });

  test('a passphrase written into the file is refused; references are accepted', () => {
    const es = errors('tenant:\n  id: T1\nsmime:\n  defaultImportPassphrase: hunter2\n');
    expect(es[0]?.code).toBe('CFG006');
    expect(es[0]?.message).toMatch(/^smime\.defaultImportPassphrase: expected a secret reference/);
    expect(JSON.stringify(es)).not.toContain('hunter2');
    expect(
      ok('tenant:\n  id: T1\nsmime:\n  defaultImportPassphrase: { file: /run/p }\n').smime
        .defaultImportPassphrase,
    ).toEqual({
      file: '/run/p',
    });
    expect(errors('tenant:\n  id: T1\nsmime:\n  defaultImportPassphrase: { env: "1X" }\n')[0]?.code).toBe(
      'CFG002',
    );
  });

  test('an SFTP share with a pinned host key is accepted with defaults for port and root', () => {
    const c = ok(
      'tenant:\n  id: T1\nshare:\n  kind: sftp\n  sftp:\n    host: 127.0.0.1\n    username: u\n    privateKeyFile: /k\n    hostKeyFingerprint: "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"\n',
    );
    expect(c.share.sftp).toMatchObject({ host: '127.0.0.1', port: 22, root: '.' });
  });

  test('disabling both features is a warning, not an error', () => {
    const r = parseTenantConfig('tenant:\n  id: T1\nfeatures:\n  pgp: false\n  smime: false\n');
    expect(r.value).toBeDefined();
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'CFG010']]);
  });

  test('the aggregated state, semi-automatic mode and report addresses are read', () => {
    const c = ok(
      'tenant:\n  id: T1\nstate: aggregated\nsmime:\n  mode: semi-automatic\n  source: external\nreports:\n  smimeReport: [pki@example.com]\n',
    );
    expect(c.state).toBe('aggregated');
    expect(c.smime.mode).toBe('semi-automatic');
    expect(c.smime.source).toBe('external');
    expect(c.reports.smimeReport).toEqual(['pki@example.com']);
  });
});
