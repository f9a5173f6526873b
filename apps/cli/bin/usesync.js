#!/usr/bin/env node
// Checked before anything is imported: the packages use Node 24 APIs (node:sqlite, …).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `usesync: needs Node.js 24 or newer, this is ${process.version}. From the repository, run it as ` +
      '`pnpm exec usesync …` (the workspace brings Node 24), or put Node 24 on the PATH.\n',
  );
  process.exit(2);
}
// Node's on-disk cache of compiled code (in the OS temp folder; NODE_DISABLE_COMPILE_CACHE=1 turns
// it off): start-up matters for a command run from scripts, see `pnpm bench cli`.
(await import('node:module')).enableCompileCache?.();
const { main } = await import('../dist/index.js');
process.exitCode = await main(process.argv.slice(2));
