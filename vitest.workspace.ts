/**
 * The single source of the test projects: one vitest project per workspace package that has a
 * `test/` folder. The root `vitest.config.ts` imports this list (vitest ≥ 4 ignores a bare
 * workspace file).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/** Resolve sibling packages to their TypeScript source, so tests need no prior build. */
const conditions = ['@usesync/source', 'node', 'import', 'module', 'default'];

function projectsIn(parent: string): TestProjectInlineConfiguration[] {
  const root = new URL(`./${parent}/`, import.meta.url).pathname;
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'test')))
    .map((d) => {
      const dir = join(root, d.name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string };
      return {
        resolve: { conditions },
        ssr: { resolve: { conditions } },
        test: {
          name: pkg.name,
          root: dir,
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      };
    });
}

export const projects: TestProjectInlineConfiguration[] = [...projectsIn('packages'), ...projectsIn('apps')];

export default projects;
