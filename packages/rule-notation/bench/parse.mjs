// Parse speed of @usesync/rule-notation against a naive split(';') baseline, same input, same run.
// Run after building: node packages/rule-notation/bench/parse.mjs
import { parseRuleFile, printRuleSetUnmasked } from '../dist/index.js';

const rules = [
  'support{i}@company.com;*;untouched',
  'support{i}@company.com;group:lawyers;fs: support@company.com;fe;swm',
  '*;tax-consultants{i}.com;swm',
  'group:developers{i};software-company-external.org;swm:PA$$WORT',
  '*;*;se;ss;comment:USE Mastercatcher {i}',
];
const N = 100_000;
const lines = [];
for (let i = 0; i < N; i++) lines.push(rules[i % rules.length].replace('{i}', String(i)));
const text = `${lines.join('\r\n')}\r\n`;

function baseline(t) {
  const out = [];
  for (const line of t.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    const [from, to, ...options] = line.split(';').map((f) => f.trim());
    out.push({
      from,
      to,
      options: options.map((o) => {
        const i = o.indexOf(':');
        return i < 0 ? { name: o } : { name: o.slice(0, i), param: o.slice(i + 1).trim() };
      }),
    });
  }
  return out;
}

function time(fn) {
  fn(); // warm up
  const runs = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  return Math.min(...runs);
}

const base = time(() => baseline(text));
const parse = time(() => parseRuleFile(text));
const parsed = parseRuleFile(text);
if (parsed.diagnostics.length > 0 || parsed.value.rules.length !== N)
  throw new Error('bench input did not parse cleanly');
const print = time(() => printRuleSetUnmasked(parsed.value));
console.log(`rules: ${N}`);
console.log(`baseline split/indexOf: ${base.toFixed(0)} ms`);
console.log(
  `parseRuleFile:          ${parse.toFixed(0)} ms  (${(parse / base).toFixed(1)}× baseline, ${((N / parse) * 1000).toFixed(0)} rules/s)`,
);
console.log(`printRuleSetUnmasked:   ${print.toFixed(0)} ms  (${(print / base).toFixed(1)}× baseline)`);
