// Renders a sync report of 10 000 applied lines from the built dist (run `pnpm --filter @usesync/report build` first):
// time and size of the text and HTML renderings, and the HTML/text size ratio.
import { renderSyncReport } from '../dist/index.js';

const N = 10000;
const lines = [],
  actions = [],
  results = [];
for (let i = 1; i <= N; i++) {
  const id = `smime-create:u${i}@company.com`;
  actions.push({
    id,
    kind: 'smime-create',
    line: i,
    reason: 'no active certificate',
    address: `u${i}@company.com`,
    name: `User ${i}`,
    team: false,
    mode: 'automatic',
  });
  lines.push({
    line: i,
    file: 'useimport',
    prefix: '(+)',
    kind: 'smime-state',
    text: `smime-state:u${i}@company.com;name:User ${i};teamcert:0;keystate:1`,
    reason: 'order a personal certificate',
    actionIds: [id],
  });
  results.push({ id, status: 'done', serial: i.toString(16).padStart(16, '0') });
}
const plan = {
  tenant: 'T',
  now: '2022-06-01T16:00:00Z',
  lines,
  actions,
  summary: { lines: {}, actions: {} },
};
const outcome = {
  plan,
  results,
  imports: [],
  certificates: [],
  chainPem: [],
  startedAt: plan.now,
  finishedAt: plan.now,
};
for (let k = 0; k < 2; k++) renderSyncReport({ source: outcome, files: {}, now: plan.now });
const t = performance.now();
const r = renderSyncReport({ source: outcome, files: {}, now: plan.now });
console.log(
  `${N} lines: ${(performance.now() - t).toFixed(0)} ms, text ${(r.text.length / 1e6).toFixed(2)} MB, html ${(r.html.length / 1e6).toFixed(2)} MB (html/text ${(r.html.length / r.text.length).toFixed(2)}x)`,
);
