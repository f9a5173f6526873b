#!/usr/bin/env node
// Benchmark of @usesync/import-file: 200 k and 1 M generated lines, the chevrotain parser (streamed,
// bounded memory) against a hand-written split/indexOf baseline on the same data in the same run.
// Each measurement runs in its own child process so its peak RSS is its own.
// Usage: node bench/import-file.bench.mjs   (after `pnpm build`)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = new URL('./out/', import.meta.url).pathname;
const sizes = (process.env.BENCH_LINES ?? '200000,1000000').split(',').map(Number);

function generate(lines, path) {
  if (existsSync(path)) return;
  const parts = [];
  for (let i = 0; i < lines - 1; i++) {
    const k = i % 10;
    if (k < 5)
      parts.push(
        `smime-state:user${i}@company${i % 97}.com;name:Jürgen Müller${i};teamcert:0;keystate:${i % 2}`,
      );
    else if (k < 8)
      parts.push(
        `pgp-state: user${i}@company.com;keylength:4096;name:John Doe;comment:Key ${i};keystate:1;keytype:RSA;validitytime:2y`,
      );
    else parts.push(`group:user${i}@company.com;group_${i % 12}`);
  }
  parts.push('#####');
  writeFileSync(path, `${parts.join('\n')}\n`);
}

if (process.argv[2] === '--child') {
  const [, , , mode, path] = process.argv;
  const { createReadStream, readFileSync } = await import('node:fs');
  const t0 = process.hrtime.bigint();
  let entries = 0;
  let errors = 0;
  if (mode === 'chevrotain') {
    const { parseUseImportStream } = await import('../packages/import-file/dist/index.js');
    for await (const ev of parseUseImportStream(createReadStream(path, { highWaterMark: 1 << 20 }))) {
      if (ev.type === 'batch') entries += ev.entries.length;
      errors += ev.diagnostics.filter((d) => d.severity === 'error').length;
    }
  } else {
    // Baseline: the hand-written parser a team would write first — split lines and fields with
    // indexOf, build the same kind of entry objects, no grammar.
    const text = readFileSync(path, 'utf8');
    let start = 0;
    while (start < text.length) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = text.length;
      const line = text.slice(start, nl);
      start = nl + 1;
      if (line === '' || line === '#####') continue;
      const fields = line.split(';');
      const entry = {};
      for (const f of fields) {
        const c = f.indexOf(':');
        if (c < 0) entry[f.trim()] = true;
        else entry[f.slice(0, c).trim()] = f.slice(c + 1).trim();
      }
      if (Object.keys(entry).length > 0) entries++;
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms, entries, errors, rss }));
  process.exit(0);
}

mkdirSync(out, { recursive: true });
function once(mode, path, flags = []) {
  const r = spawnSync(
    process.execPath,
    [...flags, new URL(import.meta.url).pathname, '--child', mode, path],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Best of ROUNDS, baseline and parser interleaved so background load hits both alike. */
function best(path) {
  let base;
  let chev;
  for (let i = 0; i < ROUNDS; i++) {
    const b = once('baseline', path);
    const c = once('chevrotain', path);
    if (!base || b.ms < base.ms) base = b;
    if (!chev || c.ms < chev.ms) chev = c;
  }
  return [base, chev];
}
console.log(`best of ${ROUNDS} runs each, baseline and parser interleaved; each run in its own process`);
console.log('lines      parser       lines/s      MB/s   peak RSS   ratio vs baseline');
for (const n of sizes) {
  const path = join(out, `bench-${n}.useimport`);
  generate(n, path);
  const mb = statSync(path).size / 1e6;
  const [base, chev] = best(path);
  if (chev.errors !== 0) throw new Error(`generated file has ${chev.errors} errors`);
  for (const [name, r] of [
    ['baseline', base],
    ['chevrotain', chev],
  ]) {
    const ratio = name === 'chevrotain' ? (base.ms / chev.ms).toFixed(2) : '1.00';
    console.log(
      `${String(n).padEnd(10)} ${name.padEnd(11)} ${Math.round((n / r.ms) * 1000)
        .toLocaleString('en')
        .padStart(
          10,
        )} ${(mb / (r.ms / 1000)).toFixed(1).padStart(8)} ${(r.rss / 2 ** 20).toFixed(0).padStart(7)} MB   ${ratio}`,
    );
  }
}

// The streaming parser's live set is small; V8's default heap sizing lets RSS grow past it.
// Show the peak RSS of the 1 M-line parse with the old generation capped at 128 MB too.
const big = Math.max(...sizes);
const capped = once('chevrotain', join(out, `bench-${big}.useimport`), ['--max-old-space-size=128']);
console.log(
  `${big} lines, parser with --max-old-space-size=128: ${(capped.rss / 2 ** 20).toFixed(0)} MB peak RSS, ${Math.round((big / capped.ms) * 1000).toLocaleString('en')} lines/s`,
);
