import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { examples } from './helpers.js';

const bin = new URL('../bin/usesync.js', import.meta.url).pathname;
const built = existsSync(new URL('../dist/index.js', import.meta.url));

describe.skipIf(!built)('the usesync binary', () => {
  test('runs validate as a process and sets its exit code', () => {
    const out = execFileSync(
      process.execPath,
      [bin, 'validate', '--json', `${examples}12345TE_use_import_2022-06-01_1600.useimport`],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out).files[0].ok).toBe(true);
    let code = 0;
    try {
      execFileSync(process.execPath, [bin, 'validate', '/nonexistent.useimport'], { stdio: 'pipe' });
    } catch (e) {
      code = (e as { status: number }).status;
    }
    expect(code).toBe(2);
  });
});
