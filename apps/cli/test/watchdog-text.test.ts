import { describe, expect, test } from 'vitest';
import { fastTenant } from './apply-helpers.js';
import { run } from './helpers.js';

/** Unchained (first issuances too) with room for one live certificate. */
const capOfOne = (yaml: string): string =>
  yaml
    .replace('  chained: true', '  chained: false')
    .replace(/maxLiveCertificates: \d+/, 'maxLiveCertificates: 1');

describe('usesync watchdog text output', () => {
  test('renewals refused by the cap are listed in the text, not only in --json; an idle real cycle is not a dry run', async () => {
    const { env } = await fastTenant(capOfOne);
    for (const a of ['desk@company.com', 'sales@company.com'])
      expect((await run(['swisssign-users', 'add', a, '--team'], env)).code).toBe(0);

    const dry = await run(['watchdog', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Dry run');
    expect(dry.out).toMatch(/Not renewed \(refused\): +1/);

    const first = await run(['watchdog'], env);
    expect(first.out).not.toContain('Dry run');
    expect(first.out).toMatch(/Not renewed \(refused\): +1/);
    expect(first.out).toMatch(/sales@company\.com .*limit of \d+ live certificates/);

    // Nothing left to order: desk has its certificate, sales is still over the cap.
    const idle = await run(['watchdog'], env);
    expect(idle.out).not.toContain('Dry run');
    expect(idle.out).toMatch(/Not renewed \(refused\): +1/);
    expect(idle.out).toContain('sales@company.com');
    expect(idle.code).toBe(4);
    const json = JSON.parse((await run(['watchdog', '--json'], env)).out) as Record<string, unknown>;
    expect(json).toMatchObject({ dryRun: false, ok: false, status: 'partial' });
  });

  test('an idle real cycle with nothing refused exits 0 and says what was checked', async () => {
    const { env } = await fastTenant();
    const idle = await run(['watchdog'], env);
    expect(idle.code).toBe(0);
    expect(idle.out).not.toContain('Dry run');
    expect(idle.out).not.toContain('refused');
    expect(idle.out).toContain('Addresses watched');
  });
});
