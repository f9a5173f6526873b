#!/usr/bin/env node
// The daily full dump where nothing changed: N users, each with a valid S/MIME certificate and a
// `keystate:1` line. Measures parse + plan + render (the dry run's work, store read excluded) for
// 100 k and 1 M users and prints the growth ratio (linear would be 10×; target ≤ 12×).
// Usage: node bench/plan.bench.mjs   (after `pnpm build`)
const { parseUseImport } = await import('../packages/import-file/dist/index.js');
const { plan, DEFAULT_POLICY } = await import('../packages/sync-engine/dist/index.js');
const { renderSyncReport } = await import('../packages/report/dist/index.js');

const sizes = (process.env.BENCH_USERS ?? '100000,1000000').split(',').map(Number);
const now = new Date('2026-06-01T00:00:00Z');

function scenario(n) {
  const lines = [];
  const certificates = [];
  for (let i = 0; i < n; i++) {
    const address = `user${i}@company.com`;
    lines.push(`smime-state:${address};name:User ${i};teamcert:0;keystate:1`);
    certificates.push({
      address,
      serial: i.toString(16).padStart(16, '0'),
      issuerDn: 'CN=Issuing CA',
      subjectDn: `CN=User ${i}`,
      sanEmails: [address],
      notBefore: '2026-01-01T00:00:00Z',
      notAfter: '2027-01-01T00:00:00Z',
      status: 'active',
      team: false,
      origin: 'created',
      certificatePem: '',
    });
  }
  const swissSignUsers = certificates.map((c) => ({
    address: c.address,
    name: c.subjectDn,
    team: false,
    addedAt: c.notBefore,
  }));
  const live = {
    tenant: 'T1',
    pgpKeys: [],
    certificates,
    groups: [],
    ruleSetText: '',
    swissSignUsers,
    passphraseCount: 0,
  };
  return { text: `${lines.join('\n')}\n#####\n`, live };
}

function measure(n) {
  const { text, live } = scenario(n);
  const t0 = performance.now();
  const parsed = parseUseImport(text);
  const t1 = performance.now();
  const p = plan({ tenant: 'T1', now, useImport: parsed.value, live, policy: DEFAULT_POLICY });
  const t2 = performance.now();
  const report = renderSyncReport({
    source: p,
    files: { useimport: 'T1_dump.useimport' },
    now: now.toISOString(),
  });
  const t3 = performance.now();
  if (p.actions.length !== 0) throw new Error(`expected no actions, got ${p.actions.length}`);
  return { parse: t1 - t0, plan: t2 - t1, render: t3 - t2, total: t3 - t0, bytes: report.text.length };
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Best of ROUNDS per phase: single runs vary by ±30 % with GC and JIT timing. */
function best(n) {
  let out;
  for (let i = 0; i < ROUNDS; i++) {
    const r = measure(n);
    out = out ? Object.fromEntries(Object.keys(r).map((k) => [k, Math.min(out[k], r[k])])) : r;
  }
  return out;
}

console.log(`best of ${ROUNDS} rounds per phase`);
console.log('users      parse ms   plan ms  render ms   total ms   (all no-ops)');
const results = [];
for (const n of sizes) {
  measure(Math.min(n, 10000)); // warm-up
  const r = best(n);
  results.push([n, r]);
  console.log(
    `${String(n).padEnd(9)} ${r.parse.toFixed(0).padStart(9)} ${r.plan.toFixed(0).padStart(9)} ${r.render.toFixed(0).padStart(10)} ${r.total.toFixed(0).padStart(10)}`,
  );
}
if (results.length >= 2) {
  const [[n1, a], [n2, b]] = results;
  console.log(
    `growth ${n2 / n1}× users → plan ${(b.plan / a.plan).toFixed(1)}×, total ${(b.total / a.total).toFixed(1)}× (linear = ${n2 / n1}×, target ≤ ${(1.2 * n2) / n1}×)`,
  );
}
