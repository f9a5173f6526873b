#!/usr/bin/env node
// The demo (`pnpm demo`, after set-up): a fresh data directory, the worker on the embedded
// defaults (local-folder share, SQLite, the SwissSign simulator on 127.0.0.1, an outbox folder),
// the manual's example .useimport and .ruleimport dropped into the share; prints the reports and
// where the mails and pushback files are, stops the worker and exits by itself.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const node = process.execPath;
const tenant = '12345TE';
const examples = [
  `${tenant}_use_import_2022-06-01_1600.useimport`,
  `${tenant}_rules_2022-06-01_1600.ruleimport`,
];
const say = (s = '') => process.stdout.write(`${s}\n`);
const fail = (s) => {
  process.stderr.write(`demo: ${s}\n`);
  process.exit(1);
};
for (const f of ['apps/cli/dist/index.js', 'apps/worker/dist/cli.js']) {
  if (!existsSync(join(root, f)))
    fail(`${f} is missing: run \`bash scripts/setup.sh\` (or \`pnpm build\`) first`);
}

const data = mkdtempSync(join(tmpdir(), 'usesync-demo-'));
say(`== usesync demo — data directory ${data}`);
const init = spawnSync(
  node,
  [join(root, 'apps/cli/bin/usesync.js'), 'init', '--data', data, '--tenant', tenant],
  {
    encoding: 'utf8',
  },
);
if (init.status !== 0) fail(`usesync init failed:\n${init.stderr}`);
process.stdout.write(init.stdout);

// Report addresses, so that the mails show up in the outbox.
const tenantYaml = join(data, 'tenants', `${tenant}.yaml`);
writeFileSync(
  tenantYaml,
  readFileSync(tenantYaml, 'utf8')
    .replace('  report: []', '  report: ["it-admin@company.com"]')
    .replace('  smimeReport: []', '  smimeReport: ["pki@company.com"]'),
);
const workerYaml = join(data, 'worker.yaml');
writeFileSync(workerYaml, 'dataDir: .\npollIntervalSeconds: 1\nhttp:\n  port: 0\nlogLevel: info\n');

say('== starting usesync-worker (local share, SQLite, SwissSign simulator, outbox)');
const worker = spawn(node, [join(root, 'apps/worker/bin/usesync-worker.js'), '--config', workerYaml], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
const log = [];
let buffered = '';
const onData = (d) => {
  buffered += d.toString();
  const lines = buffered.split('\n');
  buffered = lines.pop() ?? '';
  log.push(...lines);
};
worker.stdout.on('data', onData);
worker.stderr.on('data', onData);
const exited = new Promise((r) => worker.once('exit', (code, signal) => r({ code, signal })));

const deadline = Date.now() + 50_000;
const until = async (what, check) => {
  while (!check()) {
    if (worker.exitCode !== null) fail(`the worker exited early:\n${log.join('\n')}`);
    if (Date.now() > deadline) {
      worker.kill('SIGKILL');
      fail(`timed out waiting for ${what}:\n${log.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
};
await until('the worker to start', () => log.some((l) => l.includes('"msg":"worker started"')));
const started = JSON.parse(log.find((l) => l.includes('"msg":"worker started"')));
say(`   worker up: metrics and health at ${started.http}`);

const use = join(data, 'share', tenant, 'use');
const ret = join(data, 'share', tenant, 'return');
mkdirSync(use, { recursive: true });
for (const f of examples) copyFileSync(join(root, 'examples', f), join(use, f));
say(`== dropped ${examples.join(' and ')} into ${use}`);
await until('the sync', () =>
  log.some((l) => l.includes('"msg":"sync finished"') || l.includes('"level":"error"')),
);
const finished = log.find((l) => l.includes('"msg":"sync finished"'));
if (!finished) fail(`the sync failed:\n${log.join('\n')}`);
say(`   processed: ${JSON.parse(finished).result}; the import files were removed from use/`);

const returned = readdirSync(ret).sort();
const show = (suffix) => {
  const f = returned.find((n) => n.endsWith(suffix));
  if (!f) return;
  say();
  say(`== ${f}`);
  say(readFileSync(join(ret, f), 'utf8'));
};
show('.sync-report.txt');
show('.smime-report.txt');

const metrics = await fetch(`${started.http}/metrics`).then((r) => r.text());
say('== a few metrics');
for (const l of metrics.split('\n')) {
  if (/^usesync_(files_processed_total|actions_total|last_successful)/.test(l)) say(`   ${l}`);
}

worker.kill('SIGTERM');
const { code } = await exited;
const outbox = join(data, 'outbox');
say();
say(`== worker stopped (exit ${code})`);
say(`   pushback files (share return/): ${ret}`);
for (const f of returned) say(`     ${f}`);
say(`   mails (outbox, .eml):           ${outbox}`);
for (const f of existsSync(outbox) ? readdirSync(outbox).filter((n) => n.endsWith('.eml')) : [])
  say(`     ${f}`);
say(`   worker log lines: ${log.length}; remove the demo with: rm -rf ${data}`);
process.exit(code === 0 ? 0 : 1);
