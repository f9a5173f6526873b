import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { tempDir, writeIn } from './helpers.js';

const CHILD = new URL('./fixtures/run-cli-from-source.mjs', import.meta.url).pathname;

/** A file with one error a line: `validate` prints about 3 lines for each, far more than a pipe buffer. */
function manyErrors(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`smime-state:user${i}@company.com;keystate:9`);
  return `${out.join('\n')}\n#####\n`;
}

describe('a closed standard output', () => {
  test('`usesync validate big | head -1` prints one line and exits with validate’s own code, no EPIPE crash', () => {
    const file = writeIn(tempDir(), 'big.useimport', manyErrors(5000));
    // A real pipe whose reader exits after the first line, as in a shell.
    const script = `"${process.execPath}" --experimental-transform-types --no-warnings "${CHILD}" validate "${file}" 2>"$ERRFILE" | head -1; echo "status=\${PIPESTATUS[0]}"`;
    const errFile = `${file}.stderr`;
    const r = spawnSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: { ...process.env, ERRFILE: errFile },
    });
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('error USE007');
    // 1 = the file has errors: the command ran to its end although nobody read the rest.
    expect(lines[1]).toBe('status=1');
    const stderr = spawnSync('cat', [errFile], { encoding: 'utf8' }).stdout;
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\(node:/);
  });

  test('`usesync --help | head -1` exits 0', () => {
    const script = `"${process.execPath}" --experimental-transform-types --no-warnings "${CHILD}" --help | head -1; echo "status=\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(r.stdout).toContain('Usage: usesync');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('status=0');
  });
});
