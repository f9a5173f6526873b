import { describe, expect, test } from 'vitest';
import { cronProblem, parseTenantConfig } from '../src/index.js';

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
