import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { examples, run, tempDir, writeIn } from './helpers.js';

const manual = `${examples}12345TE_use_import_2022-06-01_1600.useimport`;
const manualRules = `${examples}12345TE_rules_2022-06-01_1600.ruleimport`;

/** Hash of every file (name, mode, bytes) under a directory. */
function fingerprint(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      h.update(`${p}:${st.mode}:${st.size}\n`);
      if (st.isDirectory()) walk(p);
      else h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

async function initData(): Promise<string> {
  const data = join(tempDir(), 'data');
  const r = await run(['init', '--data', data, '--tenant', '12345TE']);
  expect(r.code).toBe(0);
  return data;
}

interface PlanJson {
  ok: boolean;
  lines: { line: number; prefix: string; kind: string; reason: string; file: string }[];
  actions: { id: string }[];
  summary: { lines: Record<string, number> };
}

describe('usesync init and plan', () => {
  test('init writes a data directory and keeps an existing config', async () => {
    const data = await initData();
    expect(readdirSync(data).sort()).toEqual(['kek', 'tenants', 'usesync.db']);
    expect(statSync(join(data, 'kek')).mode & 0o777).toBe(0o600);
    const again = await run(['init', '--data', data, '--tenant', '12345TE']);
    expect(again.out).toContain('kept the existing');
  });

  test('plan of the manual example: every line with its prefix, exit 3, data directory untouched', async () => {
    const data = await initData();
    const before = fingerprint(data);
    const human = await run(['plan', '--data', data, '--now', '2026-06-01T00:00:00Z', manual, manualRules]);
    expect(human.err).toBe('');
    expect(human.code).toBe(3);
    expect(human.out).toContain('(+) 4  smime-state:support@company.com;name:Support;teamcert:1;keystate:1');
    expect(human.out).toContain('(%) 6  smime-state:john.doe@company.com;keystate:0');
    expect(human.out).not.toContain('123456;smimeimport');
    expect(human.out).not.toContain('PA$$WORT');
    const json = await run([
      'plan',
      '--json',
      '--data',
      data,
      '--now',
      '2026-06-01T00:00:00Z',
      manual,
      manualRules,
    ]);
    expect(json.code).toBe(3);
    const p = JSON.parse(json.out) as PlanJson;
    expect(p.ok).toBe(true);
    // The JSON and the human report say the same per line.
    for (const l of p.lines) expect(human.out).toContain(`${l.prefix} ${l.line}  `);
    expect(p.lines.filter((l) => l.file === 'useimport').map((l) => l.prefix)).toEqual([
      '(+)',
      '(+)',
      '(+)',
      '(+)',
      '(%)',
      '(%)',
      '(%)',
      '(%)',
      '(%)',
    ]);
    expect(fingerprint(data)).toBe(before);
  });

  test('an empty plan exits 0', async () => {
    const data = await initData();
    const f = writeIn(tempDir(), '12345TE_x.useimport', 'smime-state:a@x.com;keystate:0\n#####\n');
    const r = await run(['plan', '--data', data, f]);
    expect(r.code).toBe(0);
  });

  test('a parse error stops the plan with the error report and exit 1', async () => {
    const data = await initData();
    const f = writeIn(
      tempDir(),
      '12345TE_bad.useimport',
      'smime-stat:a@x.com;keystate:0\npassphrase:hunter2\n',
    );
    const r = await run(['plan', '--data', data, f]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/not applied/i);
    expect(r.out).toContain('USE002');
    expect(r.out).not.toContain('hunter2');
  });

  test('usage and I/O errors exit 2', async () => {
    const data = await initData();
    expect((await run(['plan', '--data', data, '/nonexistent/12345TE_a.useimport'])).code).toBe(2);
    expect((await run(['plan', '--data', data, '--now', 'yesterday', manual])).code).toBe(2);
    expect((await run(['plan', '--data', join(tempDir(), 'none'), manual])).code).toBe(2);
  });
});
