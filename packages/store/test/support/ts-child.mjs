// Runs a TypeScript test helper as a child process straight from the sources: Node strips the
// types; this hook maps `./x.js` imports to `./x.ts` and resolves `@usesync/*` to their sources.
import { pathToFileURL } from 'node:url';
import '../../../../scripts/source-hooks.mjs';

await import(pathToFileURL(process.argv[2]).href);
