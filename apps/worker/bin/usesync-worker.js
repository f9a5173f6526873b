#!/usr/bin/env node
// Checked before anything is imported: the packages use Node 24 APIs (node:sqlite, …).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `usesync-worker: needs Node.js 24 or newer, this is ${process.version}. From the repository, run it as ` +
      '`pnpm exec usesync-worker …` (the workspace brings Node 24), or put Node 24 on the PATH.\n',
  );
  process.exit(2);
}
const { runWorkerCli } = await import('../dist/cli.js');
process.exitCode = await runWorkerCli(process.argv.slice(2));
