import { describe, expect, test } from 'vitest';
import {
  cronProblem,
  defaultTenantConfig,
  findShareRootOverlaps,
  parseTenantConfig,
  shareLocation,
  type TenantConfig,
} from '../src/index.js';

const errors = (yaml: string) => parseTenantConfig(`tenant:\n  id: T1\n${yaml}`).diagnostics;

describe('WatchDog schedule', () => {
  test.each([
    ['61 6 * * *', 'Invalid value for minute: 61'],
    ['0 25 * * *', 'Invalid value for hour: 25'],
    ['0 6 * * 8', 'Invalid value for dayOfWeek: 8'],
    ['0 6 32 * *', 'Invalid value for day'],
  ])('%j is refused by validation with the scheduler’s reason', (schedule, why) => {
    expect(errors(`watchdog:\n  schedule: "${schedule}"\n`)).toMatchObject([
      {
        code: 'CFG002',
        line: 4,
        message: expect.stringContaining(
          `watchdog.schedule: "${schedule}" is not a valid cron expression: ${why}`,
        ),
      },
    ]);
  });

  test.each(['0 6 * * *', '*/15 * * * *', '0 6 * * MON-FRI', '30 0 6 * * *'])('%j is accepted', (s) => {
    expect(cronProblem(s)).toBeUndefined();
    expect(errors(`watchdog:\n  schedule: "${s}"\n`)).toEqual([]);
  });

  test('a schedule with the wrong number of fields says how many are expected', () => {
    expect(cronProblem('0 6 * *')).toBe('expected a cron expression with five fields, e.g. "0 6 * * *"');
  });
});

describe('share roots of several tenants', () => {
  const local = (id: string, root: string): TenantConfig => {
    const c = defaultTenantConfig(id);
    return { ...c, share: { ...c.share, root } };
  };
  const sftp = (id: string, username: string, root: string, host = 'sftp.example.com'): TenantConfig => {
    const c = defaultTenantConfig(id);
    return {
      ...c,
      share: {
        ...c.share,
        kind: 'sftp',
        sftp: { host, port: 22, username, privateKeyFile: '/k', knownHostsFile: '/kh', root },
      },
    };
  };

  test('two tenants with the default root overlap, and the message names both', () => {
    const o = findShareRootOverlaps([local('AAA', 'share'), local('BBB', 'share')], '/data');
    expect(o).toEqual([
      {
        tenants: ['AAA', 'BBB'],
        roots: ['/data/share', '/data/share'],
        message: expect.stringMatching(
          /^the share roots of tenants AAA \(\/data\/share\) and BBB \(\/data\/share\) overlap/,
        ),
      },
    ]);
  });

  test('a root inside another tenant’s root overlaps, also when spelt with .. or an absolute path', () => {
    expect(findShareRootOverlaps([local('A', 'share'), local('B', 'share/B')], '/data')).toHaveLength(1);
    expect(
      findShareRootOverlaps([local('A', '/data/x/../share/'), local('B', 'share')], '/data'),
    ).toHaveLength(1);
    expect(
      findShareRootOverlaps([local('A', 'share/A'), local('B', '/data/share/A/sub')], '/data')[0]?.tenants,
    ).toEqual(['A', 'B']);
  });

  test('siblings and prefixes that are not parents do not overlap', () => {
    expect(
      findShareRootOverlaps([local('A', 'share/A'), local('B', 'share/B'), local('C', 'share/AB')], '/data'),
    ).toEqual([]);
  });

  test('every overlapping pair is reported', () => {
    const o = findShareRootOverlaps([local('A', 's'), local('B', 's'), local('C', 's/c')], '/d');
    expect(o.map((x) => x.tenants)).toEqual([
      ['A', 'B'],
      ['A', 'C'],
      ['B', 'C'],
    ]);
  });

  test('SFTP roots overlap only on the same server, and relative roots only for the same user', () => {
    expect(findShareRootOverlaps([sftp('A', 'a', '.'), sftp('B', 'a', 'in')], '/d')).toHaveLength(1);
    expect(findShareRootOverlaps([sftp('A', 'a', '.'), sftp('B', 'b', '.')], '/d')).toEqual([]);
    expect(findShareRootOverlaps([sftp('A', 'a', '/srv/x'), sftp('B', 'b', '/srv/x/y')], '/d')).toHaveLength(
      1,
    );
    expect(
      findShareRootOverlaps([sftp('A', 'a', '/srv/x'), sftp('B', 'a', '/srv/x', 'other.example.com')], '/d'),
    ).toEqual([]);
    expect(findShareRootOverlaps([local('A', '/srv/x'), sftp('B', 'a', '/srv/x')], '/d')).toEqual([]);
    expect(shareLocation(sftp('A', 'a', '.').share, '/d')).toBe('sftp://sftp.example.com:22/~a');
  });
});

describe('share.fileMode and revocationGuard.windowHours', () => {
  const value = (yaml: string) => parseTenantConfig(`tenant:\n  id: T1\n${yaml}`).value;

  test.each([
    ['"0640"', 0o640],
    ['"600"', 0o600],
    ['0o644', 0o644],
  ])('fileMode %s is mode %o', (text, mode) => {
    expect(value(`share:\n  fileMode: ${text}\n`)?.share.fileMode).toBe(mode);
  });

  test('an unquoted 0640 (decimal in YAML 1.2) is refused with the hint to quote it', () => {
    expect(errors('share:\n  fileMode: 0640\n')).toMatchObject([
      {
        code: 'CFG002',
        line: 4,
        message:
          'share.fileMode: expected a file mode in quotes, e.g. "0640" (unquoted 0640 is the decimal number 640)',
      },
    ]);
  });

  test('a mode that lets everyone write is refused', () => {
    expect(errors('share:\n  fileMode: "0666"\n')).toMatchObject([
      {
        code: 'CFG005',
        message: 'share.fileMode: refused: mode 0666 lets everyone change the files; use "0640" or "0600"',
      },
    ]);
  });

  test('the revocation window is in hours, 24 by default', () => {
    expect(value('')?.revocationGuard.windowHours).toBe(24);
    expect(value('revocationGuard:\n  windowHours: 72\n')?.revocationGuard.windowHours).toBe(72);
    expect(errors('revocationGuard:\n  windowHours: 0\n')[0]?.message).toBe(
      'revocationGuard.windowHours: expected a positive number of hours',
    );
  });
});
