import { expect, test } from 'vitest';
import { fastTenant } from './apply-helpers.js';
import { run, tempDir, writeIn } from './helpers.js';

test('a file named for another tenant is refused (exit 2) unless --ignore-file-tenant; mixed tenants too', async () => {
  const { data, env } = await fastTenant();
  const dir = tempDir();
  const other = writeIn(dir, 'AAA_use_import_1.useimport', 'group:a@company.com;g\n#####\n');
  const mine = writeIn(dir, '12345TE_rules_1.ruleimport', '*;*;se\n#####\n');
  const apply = await run(['apply', '--tenant', '12345TE', other], env);
  expect(apply.code).toBe(2);
  expect(apply.err).toMatch(/belongs to tenant AAA.*--ignore-file-tenant/);
  const mixed = await run(['plan', mine, other], env);
  expect(mixed.code).toBe(2);
  expect(mixed.err).toMatch(/belongs to tenant AAA/);
  const forced = await run(['plan', '--tenant', '12345TE', '--ignore-file-tenant', other], env);
  expect(forced.code, forced.err).toBe(3);
  expect(data).toBeTruthy();
});
