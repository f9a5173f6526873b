import type { LiveState } from '@usesync/domain';
import { parseUseImport, printUseImport, type UseImportEntry } from '@usesync/import-file';
import { parseRuleFile, printRuleSetUnmasked } from '@usesync/rule-notation';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyPlanToModel, plan } from '../src/index.js';
import { cert, live, NOW, pgpKey, policy, TENANT } from './fixtures.js';

const address = fc.constantFrom('a@x.com', 'b@x.com', 'c@x.com', 'd@y.org', 'e@y.org');
const iso = fc.constantFrom(
  '2026-05-01T00:00:00Z',
  '2026-06-02T00:00:00Z',
  '2026-12-01T00:00:00Z',
  '2028-01-01T00:00:00Z',
);

const liveState: fc.Arbitrary<LiveState> = fc
  .record({
    certs: fc.array(fc.tuple(address, iso, fc.boolean()), { maxLength: 6 }),
    keys: fc.array(fc.tuple(address, iso, fc.boolean()), { maxLength: 6 }),
    groups: fc.array(fc.tuple(fc.constantFrom('g1', 'g2'), fc.uniqueArray(address, { maxLength: 4 })), {
      maxLength: 2,
    }),
    listed: fc.uniqueArray(address, { maxLength: 3 }),
    rules: fc.constantFrom('', '*;*;se;ss\n', 'a@x.com;*;untouched\n*;*;se\n'),
  })
  .map((r) =>
    live({
      certificates: r.certs.map(([a, notAfter, revoked], i) =>
        cert(a, `c${i}`, notAfter, revoked ? { status: 'revoked' } : {}),
      ),
      pgpKeys: r.keys.map(([a, expires, deleted], i) =>
        pgpKey(a, `F${i}`, { expires, ...(deleted ? { status: 'deleted' as const } : {}) }),
      ),
      groups: [...new Map(r.groups).entries()].map(([name, members]) => ({
        name,
        members: [...members].sort(),
      })),
      swissSignUsers: r.listed.map((a) => ({
        address: a,
        name: a,
        team: true,
        addedAt: '2026-01-01T00:00:00Z',
      })),
      ruleSetText: r.rules,
    }),
  );

const line = fc.oneof(
  fc
    .tuple(address, fc.constantFrom(0, 1))
    .map(([a, k]) => `smime-state:${a};name:N M;teamcert:0;keystate:${k}`),
  fc
    .tuple(address, fc.constantFrom(0, 1), fc.constantFrom('RSA', 'DSA'), fc.constantFrom(1024, 2048, 4096))
    .map(([a, k, t, l]) => `pgp-state:${a};name:N;keystate:${k};keytype:${t};keylength:${l}`),
  fc.tuple(address, fc.constantFrom('g1', 'g2', 'g3')).map(([a, g]) => `group:${a};${g}`),
  fc.constantFrom('passphrase:p1;smimeimport', 'passphrase:p2;smimeimport', 'option:RCR 1;action-id'),
);
const file = fc.array(line, { maxLength: 12 }).map((ls) => {
  const r = parseUseImport(`${ls.join('\n')}\n#####\n`);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.value;
});
const ruleText = fc.constantFrom(undefined, '*;*;se;ss\n', 'b@x.com;group:g1;fe;swm:pw\n*;*;se\n');
const policies = fc.record({
  state: fc.constantFrom<'single-user' | 'aggregated'>('single-user', 'aggregated'),
  mode: fc.constantFrom<'automatic' | 'semi-automatic'>('automatic', 'semi-automatic'),
  max: fc.integer({ min: 1, max: 10 }),
});

describe('engine properties', () => {
  test('after applying a plan, planning again yields only no-ops', () => {
    fc.assert(
      fc.property(liveState, file, ruleText, policies, (state, useImport, rt, pol) => {
        const known = new Set<string>();
        const ruleImport = rt === undefined ? undefined : parseRuleFile(rt).value;
        const input = {
          tenant: TENANT,
          now: NOW,
          useImport,
          ...(ruleImport ? { ruleImport } : {}),
          liveRules: parseRuleFile(state.ruleSetText).value,
          live: state,
          policy: policy({ state: pol.state, smime: { mode: pol.mode, maxLiveCertificates: pol.max } }),
          isKnownPassphrase: (s: { reveal(): string }) => known.has(s.reveal()),
          allowMassRevocation: true,
        };
        const first = plan(input);
        const after = applyPlanToModel(
          state,
          first,
          ruleImport ? printRuleSetUnmasked(ruleImport) : undefined,
        );
        for (const e of useImport.entries as UseImportEntry[])
          if (e.kind === 'passphrase') known.add(e.passphrase.reveal());
        const second = plan({ ...input, live: after, liveRules: parseRuleFile(after.ruleSetText).value });
        expect(second.actions).toEqual([]);
        expect(second.lines.every((l) => l.prefix === '(%)' || l.prefix === '(!)')).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test('plans are deterministic and never change their inputs', () => {
    fc.assert(
      fc.property(liveState, file, policies, (state, useImport, pol) => {
        const before = JSON.stringify(state) + printUseImport(useImport, { revealSecrets: true });
        const input = {
          tenant: TENANT,
          now: NOW,
          useImport,
          live: state,
          policy: policy({ state: pol.state, smime: { mode: pol.mode, maxLiveCertificates: pol.max } }),
        };
        const a = plan(input);
        const b = plan(input);
        expect(b).toEqual(a);
        expect(JSON.stringify(state) + printUseImport(useImport, { revealSecrets: true })).toBe(before);
      }),
      { numRuns: 200 },
    );
  });
});
