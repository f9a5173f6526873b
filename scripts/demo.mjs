#!/usr/bin/env node
// Demo on the embedded defaults: a fresh data directory, then the manual's example files checked
// and planned (a dry run). The worker demo replaces this once apps/worker exists.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'apps/cli/bin/usesync.js');
const data = join(mkdtempSync(join(tmpdir(), 'usesync-demo-')), 'data');
const files = [
  join(root, 'examples/12345TE_use_import_2022-06-01_1600.useimport'),
  join(root, 'examples/12345TE_rules_2022-06-01_1600.ruleimport'),
];
function usesync(...args) {
  console.log(`\n$ usesync ${args.join(' ')}`);
  return spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status;
}
if (usesync('init', '--data', data, '--tenant', '12345TE') !== 0) process.exit(1);
if (usesync('validate', ...files) !== 0) process.exit(1);
const code = usesync('plan', '--data', data, ...files);
console.log(`\nplan exit code ${code} (3 = the plan has changes). Data directory: ${data}`);
process.exit(code === 3 || code === 0 ? 0 : 1);
