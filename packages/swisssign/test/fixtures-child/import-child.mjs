// Run by import.test.ts in a fresh process: imports @usesync/swisssign from its TypeScript
// sources (Node's own TypeScript transform; run with --conditions=@usesync/source) and prints
// whether the Reflect metadata API exists, before and after the simulator first needs X.509.
import { readFileSync } from 'node:fs';
import { registerHooks, stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (error) {
      if (specifier.startsWith('.') && specifier.endsWith('.js')) {
        return next(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw error;
    }
  },
  load(url, context, next) {
    if (url.startsWith('file:') && url.endsWith('.ts')) {
      const code = readFileSync(fileURLToPath(url), 'utf8');
      return {
        format: 'module',
        source: stripTypeScriptTypes(code, { mode: 'transform' }),
        shortCircuit: true,
      };
    }
    return next(url, context);
  },
});

const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
const lib = await import('../../src/index.ts');
const added = Object.getOwnPropertyNames(globalThis).filter((n) => !globalsBefore.has(n));
const afterImport = typeof Reflect.getMetadata;
const sim = await lib.startSimulator();
const afterSimulator = typeof Reflect.getMetadata;
await sim.close();
process.stdout.write(`${JSON.stringify({ afterImport, added, afterSimulator })}\n`);
