import { describe, expect, test } from 'vitest';
import { examples, run, tempDir, writeIn } from './helpers.js';

const RULES = `${examples}12345TE_rules_2022-06-01_1600.ruleimport`;
const explain = ['rules', 'explain', '--rules', RULES, '--from', 'dev@company.com', '--to', 'y@example.org'];

describe('usesync rules explain without --groups', () => {
  test('warns on stderr that the rule set’s group rules cannot match, naming their lines', async () => {
    const r = await run(explain);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: \d+ group rules on lines [\d, ]+ cannot match without --groups/);
    expect(r.out).not.toContain('warning');
  });

  test('no warning with --groups, nor for a rule set without group rules', async () => {
    const dir = tempDir();
    const groups = writeIn(dir, 'g.useimport', 'group:dev@company.com;developers\n#####\n');
    expect((await run([...explain, '--groups', groups])).err).not.toContain('warning');
    const plain = writeIn(dir, 'plain.ruleimport', 'a@company.com;*;se\n');
    const r = await run(['rules', 'explain', '--rules', plain, '--from', 'a@company.com', '--to', 'b@x.org']);
    expect(r.err).toBe('');
  });
});
