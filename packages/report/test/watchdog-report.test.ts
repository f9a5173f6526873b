import type { Action, Plan, SyncOutcome } from '@usesync/domain';
import { summarize } from '@usesync/domain';
import { describe, expect, test } from 'vitest';
import { renderWatchdogReport } from '../src/index.js';
import { createdEvent } from './fixtures.js';

const CHECKED = '2022-06-02T06:00:00Z';
const actions: Action[] = [
  {
    id: 'smime-create:support@company.com',
    kind: 'smime-create',
    reason: 'certificate expires within the buffer',
    address: 'support@company.com',
    name: 'Support',
    team: true,
    mode: 'automatic',
    renews: { serial: '0c0ffee000000001', notAfter: '2022-06-03T10:00:00Z' },
  },
  {
    id: 'smime-create:jane.roe@company.com',
    kind: 'smime-create',
    reason: 'certificate expires within the buffer',
    address: 'jane.roe@company.com',
    name: 'Jane Roe',
    givenName: 'Jane',
    surname: 'Roe',
    team: false,
    mode: 'automatic',
    renews: { serial: '0c0ffee000000002', notAfter: '2022-06-03T12:30:00Z' },
  },
];
const plan: Plan = { tenant: '12345TE', now: CHECKED, lines: [], actions, summary: summarize([], actions) };
const outcome: SyncOutcome = {
  plan,
  results: [
    {
      id: 'smime-create:support@company.com',
      status: 'done',
      serial: '3f2a9c1d00000001',
      orderRef: 'ord-7f3e-0001',
    },
    {
      id: 'smime-create:jane.roe@company.com',
      status: 'failed',
      message: 'CA answered 503, will retry in the next cycle',
    },
  ],
  imports: [],
  certificates: [{ ...createdEvent, event: 'renewed' }],
  chainPem: [],
  startedAt: CHECKED,
  finishedAt: '2022-06-02T06:00:12Z',
};
const settings = { mode: 'automatic', chained: true, bufferHours: 48 } as const;

describe('renderWatchdogReport', () => {
  test('a renewal run renders as the snapshot', async () => {
    const r = renderWatchdogReport({ source: outcome, settings, watched: 500, now: '2022-06-02T06:00:13Z' });
    expect(r.title).toBe('usesync WatchDog report 12345TE');
    await expect(r.text).toMatchFileSnapshot('./__snapshots__/watchdog-report.txt');
    await expect(r.html).toMatchFileSnapshot('./__snapshots__/watchdog-report.html');
  });

  test('semi-automatic mode names the CSV and the hand-offs', async () => {
    const semi: SyncOutcome = {
      ...outcome,
      results: outcome.results.map((r) => ({ id: r.id, status: 'handed-off' as const })),
      certificates: [],
    };
    const r = renderWatchdogReport({
      source: semi,
      settings: { ...settings, mode: 'semi-automatic' },
      watched: 500,
      now: '2022-06-02T06:00:13Z',
      csvName: '12345TE_semi-automatic_2022-06-02.csv',
    });
    expect(r.text).toMatch(/Handed to the service desk: +2/);
    await expect(r.text).toMatchFileSnapshot('./__snapshots__/watchdog-report-semi-automatic.txt');
  });

  test('a quiet run says that nothing was due', () => {
    const quiet: Plan = { ...plan, actions: [], summary: summarize([], []) };
    const r = renderWatchdogReport({
      source: { ...outcome, plan: quiet, results: [] },
      settings,
      watched: 500,
      now: CHECKED,
    });
    expect(r.text).toContain('No certificate expires within the next 48 hours; nothing to do.');
  });
});
