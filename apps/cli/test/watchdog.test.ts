import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fastTenant } from './apply-helpers.js';
import { run } from './helpers.js';

const unchained = (yaml: string): string => yaml.replace('  chained: true', '  chained: false');
const semi = (yaml: string): string =>
  unchained(yaml).replace('  enabled: true\n  mode: automatic', '  enabled: true\n  mode: semi-automatic');

describe('usesync watchdog, swisssign-users and batch-import', () => {
  test('the stand-alone WatchDog: list administered by hand, first issuance (unchained), renewal inside the buffer', async () => {
    const { env } = await fastTenant(unchained);
    expect((await run(['swisssign-users', 'add', 'desk@company.com', '--team'], env)).code).toBe(0);
    expect((await run(['swisssign-users', 'add', 'bob@company.com'], env)).code).toBe(2);
    const dry = await run(['watchdog', '--dry-run', '--json'], env);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out).plan.actions).toHaveLength(1);
    expect(JSON.parse((await run(['ledger', '--json'], env)).out)).toEqual([]);
    const first = await run(['watchdog', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out).results.map((r: { status: string }) => r.status)).toEqual(['done']);
    const keys = JSON.parse((await run(['keys', 'list', '--json'], env)).out) as {
      smime: { notAfter: string }[];
    };
    const notAfter = Date.parse(keys.smime[0]!.notAfter);
    const quiet = await run(['watchdog', '--json'], env);
    expect(JSON.parse(quiet.out).plan.actions).toEqual([]);
    const due = new Date(notAfter - 24 * 3_600_000).toISOString();
    const renewal = await run(['watchdog', '--now', due], env);
    expect(renewal.code).toBe(0);
    expect(renewal.out).toContain('renewed');
    const ledger = JSON.parse((await run(['ledger', '--json'], env)).out) as { kind: string }[];
    expect(ledger.map((l) => l.kind)).toEqual(['create', 'renew']);
    expect((await run(['swisssign-users', 'remove', 'desk@company.com'], env)).code).toBe(0);
    expect((await run(['swisssign-users', 'remove', 'desk@company.com'], env)).code).toBe(1);
  });

  test('semi-automatic: the WatchDog writes the CSV instead of ordering; batch-import orders it once', async () => {
    const { data, env } = await fastTenant(semi);
    await run(
      ['swisssign-users', 'add', 'eve@company.com', '--given-name', 'Eve', '--surname', 'Example'],
      env,
    );
    const wd = await run(['watchdog'], env);
    expect(wd.code).toBe(0);
    expect(wd.err).toContain('semi-automatic CSV');
    const csv = readdirSync(join(data, 'reports')).find((f) => f.endsWith('.csv'));
    expect(csv).toBeDefined();
    expect(JSON.parse((await run(['ledger', '--json'], env)).out)).toEqual([]);
    const path = join(data, 'reports', csv!);
    const ordered = await run(['batch-import', '--json', path], env);
    expect(ordered.code).toBe(0);
    expect(JSON.parse(ordered.out).results.map((r: { status: string }) => r.status)).toEqual(['done']);
    const again = await run(['batch-import', '--json', path], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).results).toEqual([]);
    expect(JSON.parse((await run(['ledger', '--json'], env)).out)).toHaveLength(1);
  });
});
