import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTenantConfig } from '@usesync/config';
import type { ProcessedFile } from '@usesync/domain';
import { LocalShare } from '@usesync/share';
import { afterEach, expect, test } from 'vitest';
import { type IntakeLog, type Refusal, TenantIntake } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const log: IntakeLog = { debug() {}, info() {}, warn() {}, error() {}, child: () => log };

test('a sync that keeps failing is refused after three attempts, reported once and never retried', async () => {
  const root = mkdtempSync(join(tmpdir(), 'usesync-intake-'));
  dirs.push(root);
  mkdirSync(join(root, 'use'));
  writeFileSync(join(root, 'use', '12345TE_a.useimport'), 'group:a@company.com;g\n#####\n');
  const processed = new Map<string, ProcessedFile>();
  const reports: Refusal[][] = [];
  let syncs = 0;
  const intake = new TenantIntake({
    tenant: '12345TE',
    config: defaultTenantConfig('12345TE'),
    share: new LocalShare(root),
    ledger: {
      wasProcessed: async (_t, name) => processed.get(name),
      recordProcessed: async (_t, name, sha256, outcome) => {
        const r = { name, sha256, outcome, processedAt: '2026-12-01T00:00:00Z' };
        processed.set(name, r);
        return { file: r, created: true };
      },
    },
    clock: () => new Date('2026-12-01T00:00:00Z'),
    log,
    retentionDays: 30,
    sync: async () => {
      syncs++;
      throw new Error('out of memory (simulated)');
    },
    report: async (r) => void reports.push([...r]),
  });
  const never = new AbortController().signal;
  for (let i = 0; i < 6; i++) await intake.poll(() => false, never);
  expect(syncs).toBe(3);
  expect(processed.get('12345TE_a.useimport')?.outcome).toBe('refused-sync-failed');
  expect(readdirSync(join(root, 'use'))).toEqual([]);
  expect(reports).toHaveLength(1);
  expect(reports[0]?.[0]).toMatchObject({ code: 'sync-failed', removed: true });
  expect(reports[0]?.[0]?.reason).toMatch(/failed 3 times \(last: out of memory \(simulated\)\)/);
});
