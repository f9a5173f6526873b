// Run by import.test.ts in a fresh process: imports @usesync/swisssign from its TypeScript
// sources (types stripped by Node, run with --experimental-transform-types) and prints
// whether the Reflect metadata API exists, before and after the simulator first needs X.509.
// The repository's one hook for running TypeScript sources in a child process.
import '../../../../scripts/source-hooks.mjs';

const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
const lib = await import('../../src/index.ts');
const added = Object.getOwnPropertyNames(globalThis).filter((n) => !globalsBefore.has(n));
const afterImport = typeof Reflect.getMetadata;
const sim = await lib.startSimulator();
const afterSimulator = typeof Reflect.getMetadata;
await sim.close();
process.stdout.write(`${JSON.stringify({ afterImport, added, afterSimulator })}\n`);
