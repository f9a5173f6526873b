// Loading this module lets Node run the workspace's TypeScript sources directly (tests and
// benchmarks that start child processes without a build): Node strips the types, this resolve
// hook adds the `@usesync/source` export condition (sibling packages → their `src/index.ts`) and
// maps the sources' `./x.js` imports to `./x.ts`. Needs `--experimental-transform-types` on the
// Node command line where sources use enums or parameter properties.
import { registerHooks } from 'node:module';

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
