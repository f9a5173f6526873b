// Runs a TypeScript test helper as a child process straight from the sources: Node strips the
// types; this hook maps `./x.js` imports to `./x.ts` and resolves `@usesync/*` to their sources.
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const ctx = { ...context, conditions: ['@usesync/source', ...(context.conditions ?? [])] };
    try {
      return nextResolve(specifier, ctx);
    } catch (err) {
      if (context.parentURL?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, ctx);
      }
      throw err;
    }
  },
});

await import(pathToFileURL(process.argv[2]).href);
