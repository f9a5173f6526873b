import { describe, expect, test } from 'vitest';
import {
  formatConfigDiagnostics,
  insecureUrlProblem,
  isLoopbackHost,
  type ProviderSettings,
  parseProviderSettings,
  parseTenantConfig,
  validateProviderSettings,
} from '../src/index.js';

const BASE = '/etc/usesync';
const ok = (yaml: string): ProviderSettings => {
  const r = parseProviderSettings(yaml, { baseDir: BASE });
  expect(r.diagnostics).toEqual([]);
  if (r.value === undefined) throw new Error('no value');
  return r.value;
};
const errors = (yaml: string) => {
  const r = parseProviderSettings(yaml, { baseDir: BASE });
  expect(r.value).toBeUndefined();
  return r.diagnostics.filter((d) => d.severity === 'error');
};

describe('provider settings (worker.yaml)', () => {
  test('a file with only the data directory gets every default and absolute paths', () => {
    const s = ok('dataDir: data\n');
    expect(s).toMatchObject({
      dataDir: '/etc/usesync/data',
      baseDir: BASE,
      pollIntervalSeconds: 30,
      maxParallelTenants: 4,
      shutdownGraceSeconds: 25,
      returnRetentionDays: 30,
      http: { host: '127.0.0.1', port: 9464 },
      mail: { from: 'usesync@localhost' },
      coordination: { leaseTtlSeconds: 30 },
      logLevel: 'info',
    });
    expect(s.smtp).toBeUndefined();
    expect(s.swisssign).toBeUndefined();
  });

  test('every key the worker has always read is still accepted', () => {
    const s = ok(`dataDir: /var/lib/usesync
store: shared
coordination: { shared: true, replicaId: r1, leaseTtlSeconds: 10 }
tenants: ["12345TE"]
pollIntervalSeconds: 5
maxParallelTenants: 2
shutdownGraceSeconds: 3
returnRetentionDays: 7
http: { host: "::1", port: 0 }
mail: { from: usesync@example.com }
smtp: { host: mail.example.com, port: 587, secure: false, requireTLS: true, user: u, password: { env: SMTP_PASSWORD } }
swisssign: { baseUrl: "https://ra.example.com/v2", userName: svc, apiKey: { file: api.key } }
simulator: { orderPolls: 1, orderMs: 5 }
logLevel: debug
`);
    expect(s.store).toBe('/etc/usesync/shared');
    expect(s.smtp).toEqual({
      host: 'mail.example.com',
      port: 587,
      secure: false,
      requireTLS: true,
      user: 'u',
      password: { env: 'SMTP_PASSWORD' },
    });
    expect(s.swisssign?.apiKey).toEqual({ file: 'api.key' });
  });

  test('smtp.tls names a CA file (resolved against the settings file) and the server name', () => {
    const s = ok(
      'dataDir: d\nsmtp:\n  host: 10.1.2.3\n  tls:\n    ca: certs/smtp-ca.pem\n    servername: mail.corp.example\n',
    );
    expect(s.smtp?.tls).toEqual({
      ca: '/etc/usesync/certs/smtp-ca.pem',
      servername: 'mail.corp.example',
    });
    expect(ok('dataDir: d\nsmtp:\n  host: h\n  tls:\n    ca: /abs/ca.pem\n').smtp?.tls?.ca).toBe(
      '/abs/ca.pem',
    );
  });

  test('an SMTP password is never sent to a remote server without TLS', () => {
    expect(
      errors(
        'dataDir: d\nsmtp:\n  host: mail.example.com\n  requireTLS: false\n  user: u\n  password: { env: P }\n',
      ),
    ).toMatchObject([
      {
        code: 'CFG005',
        line: 4,
        message:
          'smtp.requireTLS: refused: the SMTP password would be sent to mail.example.com without TLS; set requireTLS: true (STARTTLS) or secure: true',
      },
    ]);
    ok('dataDir: d\nsmtp:\n  host: 127.0.0.1\n  requireTLS: false\n  user: u\n  password: { env: P }\n');
    ok('dataDir: d\nsmtp:\n  host: mail.example.com\n  requireTLS: false\n');
    ok(
      'dataDir: d\nsmtp:\n  host: mail.example.com\n  secure: true\n  requireTLS: false\n  user: u\n  password: { env: P }\n',
    );
  });

  test('certificate verification cannot be switched off', () => {
    const es = errors('dataDir: d\nsmtp:\n  host: h\n  tls:\n    rejectUnauthorized: false\n');
    expect(es).toMatchObject([
      { code: 'CFG003', message: 'smtp.tls.rejectUnauthorized: unknown key', line: 5 },
    ]);
  });

  test.each([
    ['http://ra.example.com/v2', true],
    ['http://10.0.0.7:8080', true],
    ['ftp://ra.example.com', true],
    ['http://127.0.0.1:8443', false],
    ['http://localhost:1', false],
    ['http://[::1]:1', false],
    ['https://ra.example.com/v2', false],
  ])('the CA URL %s is refused: %s', (url, refused) => {
    const r = parseProviderSettings(
      `dataDir: d\nswisssign:\n  baseUrl: "${url}"\n  userName: u\n  apiKey: { env: K }\n`,
      { baseDir: BASE },
    );
    if (!refused) {
      expect(r.diagnostics).toEqual([]);
      return;
    }
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toMatchObject([
      { code: 'CFG005', line: 3, message: expect.stringMatching(/^swisssign\.baseUrl: refused: /) },
    ]);
  });

  test('misspelt keys and values carry the suggestion in the message', () => {
    const es = errors('dataDir: d\npollIntervalSecond: 5\nlogLevel: warning\n');
    expect(es.map((e) => [e.code, e.line, e.message])).toEqual([
      [
        'CFG002',
        3,
        'logLevel: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent"; did you mean `warn`?',
      ],
      ['CFG003', 2, 'pollIntervalSecond: unknown key; did you mean `pollIntervalSeconds`?'],
    ]);
  });

  test('a secret written into the file is refused without echoing it', () => {
    const es = errors('dataDir: d\nsmtp:\n  host: h\n  user: u\n  password: hunter2-secret\n');
    expect(es.map((e) => e.message)).toEqual(['smtp.password: expected { env: NAME } or { file: path }']);
    expect(JSON.stringify(es)).not.toContain('hunter2-secret');
  });

  test('malformed YAML is a CFG001 diagnostic, not an exception', () => {
    expect(errors('dataDir: [\n').every((d) => d.code === 'CFG001')).toBe(true);
  });

  test('a value built in code is validated the same way, positions at 1:1', () => {
    const r = validateProviderSettings({ dataDir: 'd', http: { host: '0.0.0.0' } }, { baseDir: BASE });
    expect(r.diagnostics).toMatchObject([
      { code: 'CFG002', line: 1, column: 1, message: 'http.host: expected a loopback address (127.0.0.1)' },
    ]);
    expect(
      validateProviderSettings({ dataDir: 'd', store: 'sqlite:x.db' }, { baseDir: BASE }).value?.store,
    ).toBe('sqlite:x.db');
  });
});

describe('URL safety', () => {
  test.each([
    ['localhost', true],
    ['api.localhost', true],
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['[::1]', true],
    ['::1', true],
    ['127.0.0.256', false],
    ['128.0.0.1', false],
    ['localhost.example.com', false],
    ['0.0.0.0', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  test('the refusal says why and how to fix it', () => {
    expect(insecureUrlProblem('http://ra.example.com')).toBe(
      'refused: plain http to ra.example.com would send the API key unencrypted; use https:// (plain http is accepted only for 127.0.0.1, ::1 or localhost)',
    );
  });
});

describe('formatConfigDiagnostics', () => {
  test('renders errors first, then warnings, with the file position when given', () => {
    const errs = parseProviderSettings('dataDir: d\nlogLevel: loud\n', { baseDir: BASE }).diagnostics;
    const warn = parseTenantConfig(
      'tenant:\n  id: T1\nfeatures:\n  pgp: false\n  smime: false\n',
    ).diagnostics;
    expect(formatConfigDiagnostics([...warn, ...errs], 'w.yaml')).toEqual([
      '  w.yaml:2:11: logLevel: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent"',
      '  w.yaml:4:3: warning: features: neither pgp nor smime is enabled; only groups and rules will sync',
    ]);
    expect(formatConfigDiagnostics(errs)[0]).toMatch(/^ {2}logLevel: expected/);
  });
});

describe('readiness and mailRetry', () => {
  test('are optional and keep only what is given (the worker fills in its defaults)', () => {
    const s = parseProviderSettings(
      'dataDir: d\nreadiness:\n  maxFailedPolls: 5\nmailRetry:\n  intervalSeconds: 10\n',
      {
        baseDir: BASE,
      },
    ).value;
    expect(s?.readiness).toEqual({ maxFailedPolls: 5 });
    expect(s?.mailRetry).toEqual({ intervalSeconds: 10 });
    expect(parseProviderSettings('dataDir: d\n', { baseDir: BASE }).value?.readiness).toBeUndefined();
  });

  test('a typo is named with its suggestion', () => {
    const r = parseProviderSettings('dataDir: d\nreadiness:\n  maxFailedPoll: 5\n', { baseDir: BASE });
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'readiness.maxFailedPoll: unknown key; did you mean `maxFailedPolls`?',
    ]);
  });
});
