import { readFileSync, writeFileSync } from 'node:fs';
import { loadTenantConfig, tenantConfigPath } from '@usesync/executor';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeDataDir, TENANT } from './helpers.js';

let dataDir: string;
let cleanup: () => void;
beforeEach(async () => {
  ({ dataDir, cleanup } = await makeDataDir());
});
afterEach(() => cleanup());

const edit = (f: (yaml: string) => string) => {
  const path = tenantConfigPath(dataDir, TENANT);
  writeFileSync(path, f(readFileSync(path, 'utf8')));
  return path;
};

describe('tenant configuration errors as the worker reports them', () => {
  test('a misspelt key shows the did-you-mean suggestion in the error, with the file and line', () => {
    const path = edit((y) => y.replace('  bufferHours:', '  bufferHour:'));
    expect(() => loadTenantConfig(dataDir, TENANT)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(
          new RegExp(
            `^Cannot use the configuration of tenant ${TENANT}:\\n  ${path}:\\d+:3: watchdog\\.bufferHour: unknown key; did you mean \`bufferHours\`\\?$`,
          ),
        ),
      }),
    );
  });

  test('a WatchDog schedule the scheduler cannot run is a configuration error naming tenant and key', () => {
    edit((y) => y.replace(/schedule: .*/, 'schedule: "0 25 * * *"'));
    expect(() => loadTenantConfig(dataDir, TENANT)).toThrow(
      new RegExp(
        `tenant ${TENANT}:[\\s\\S]*watchdog\\.schedule: "0 25 \\* \\* \\*" is not a valid cron expression: Invalid value for hour: 25`,
      ),
    );
  });

  test('an unknown value gets its suggestion too', () => {
    edit((y) => y.replace('state: single-user', 'state: agregated'));
    expect(() => loadTenantConfig(dataDir, TENANT)).toThrow(
      /state: expected one of .*; did you mean `aggregated`\?/,
    );
  });
});
