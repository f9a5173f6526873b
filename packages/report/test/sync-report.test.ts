import type { Plan, SyncOutcome } from '@usesync/domain';
import { describe, expect, test } from 'vitest';
import { renderSyncReport } from '../src/index.js';
import {
  exampleOutcome,
  examplePlan,
  maskedRules,
  NOW,
  RULE_NAME,
  semiAutoOutcome,
  USE_NAME,
} from './fixtures.js';

const files = { useimport: USE_NAME, ruleimport: RULE_NAME };
const base = { files, actionId: 'RCR 123456', now: '2022-06-01T16:00:42Z', liveRules: maskedRules };

describe('renderSyncReport', () => {
  test('the applied example renders as the snapshot (text and HTML)', async () => {
    const r = renderSyncReport({ ...base, source: exampleOutcome() });
    expect(r.title).toBe('usesync sync report 12345TE');
    await expect(r.text).toMatchFileSnapshot('./__snapshots__/sync-report-applied.txt');
    await expect(r.html).toMatchFileSnapshot('./__snapshots__/sync-report-applied.html');
  });

  test('a dry run says plainly that nothing was applied', async () => {
    const r = renderSyncReport({ ...base, source: examplePlan(), now: NOW });
    expect(r.title).toBe('usesync sync plan 12345TE');
    expect(r.text).toContain('Dry run: this is the plan only. Nothing was applied.');
    expect(r.text).toContain('[planned]');
    await expect(r.text).toMatchFileSnapshot('./__snapshots__/sync-report-plan.txt');
  });

  test('every line of both input files appears in order with its prefix', () => {
    const { text } = renderSyncReport({ ...base, source: exampleOutcome() });
    const rows = text.split('\n').filter((l) => /^\([+\-%!~?]\) +\d+ {2}/.test(l));
    expect(rows.map((l) => l.slice(0, 3))).toEqual([
      '(+)',
      '(+)',
      '(+)',
      '(+)',
      '(%)',
      '(-)',
      '(%)',
      '(-)',
      '(%)',
      '(+)',
      '(!)',
      '(+)',
      '(+)',
      '(+)',
    ]);
    expect(rows.map((l) => Number(l.slice(4, 6)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5]);
  });

  test('a failed action turns its line into (!) with the reason', () => {
    const { text } = renderSyncReport({ ...base, source: exampleOutcome() });
    expect(text).toMatch(
      /\(!\) 2 {2}support@company\.com;group:lawyers;fs:support@company\.com;fe;swm\n +→ .*failed: group lawyers does not exist on the gateway/,
    );
  });

  test('a hand-off to the service desk shows (?) and the semi-automatic CSV', async () => {
    const { text } = renderSyncReport({ ...base, source: semiAutoOutcome() });
    expect(text).toMatch(/\(\?\) 4 {2}smime-state:support@company\.com.*\n.*handed to the service desk/);
    await expect(text).toMatchFileSnapshot('./__snapshots__/sync-report-semi-automatic.txt');
  });

  test('a missing or skipped result is reported as not applied, never as done', () => {
    const o = exampleOutcome();
    const results = o.results
      .filter((r) => r.id !== 'group-add:untouched:domain-a.com')
      .map((r) =>
        r.id === 'pgp-delete:john.doe@company.com'
          ? { id: r.id, status: 'skipped' as const, message: 'run stopped' }
          : r,
      );
    const { text } = renderSyncReport({ ...base, source: { ...o, results } });
    expect(text).toMatch(/\(!\) 1 {2}group:domain-a\.com;untouched\n.*no result was recorded/);
    expect(text).toMatch(/\(!\) 8 {2}pgp-state:john\.doe@company\.com;keystate:0\n.*not run: run stopped/);
  });

  test('a refused plan marks every line that asked for a change as (!) and applies nothing', async () => {
    const plan: Plan = {
      ...examplePlan(),
      refusal: { code: 'GUARD', message: 'would revoke 60 % of the live certificates' },
    };
    const outcome: SyncOutcome = { ...exampleOutcome(), plan, results: [], certificates: [], imports: [] };
    const { text } = renderSyncReport({ ...base, source: outcome });
    expect(text).toContain(
      'The plan was refused (GUARD): would revoke 60 % of the live certificates. Nothing was applied.',
    );
    expect(text).not.toMatch(/^\(\+\) /m);
    expect(text).toMatch(/^\(%\) 5 /m);
    await expect(text).toMatchFileSnapshot('./__snapshots__/sync-report-refused.txt');
  });

  test('the summary counts lines per shown prefix', () => {
    const { text } = renderSyncReport({ ...base, source: exampleOutcome() });
    const summary = text.slice(text.indexOf('Summary\n'));
    expect(summary).toMatch(/Lines: +14/);
    expect(summary).toMatch(/\(\+\): +8/);
    expect(summary).toMatch(/\(!\): +1/);
    expect(summary).toMatch(/\(%\): +3/);
  });

  test('HTML escapes everything taken from the input', () => {
    const plan = examplePlan();
    const evil = { ...plan, tenant: '<script>alert(1)</script>' };
    const { html } = renderSyncReport({ ...base, source: evil });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  test('rendering does not change its input', () => {
    const o = exampleOutcome();
    const before = JSON.stringify(o);
    renderSyncReport({ ...base, source: o });
    expect(JSON.stringify(o)).toBe(before);
  });
});
