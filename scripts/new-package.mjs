#!/usr/bin/env node
// Scaffolds a workspace package: `node scripts/new-package.mjs packages/<name> "<description>" [dep@ver ...]`.
// Writes package.json, tsconfigs, README stub and src/index.ts; never overwrites existing files.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [dir, description = '', ...deps] = process.argv.slice(2);
if (!dir) {
  console.error('usage: new-package.mjs <dir> <description> [dep@version ...]');
  process.exit(2);
}
const name = `@usesync/${basename(dir)}`;
const depth = dir.split('/').length;
const up = '../'.repeat(depth);
mkdirSync(join(dir, 'src'), { recursive: true });
mkdirSync(join(dir, 'test'), { recursive: true });
const dependencies = {};
for (const d of deps) {
  const at = d.lastIndexOf('@');
  const [n, v] = at > 0 ? [d.slice(0, at), d.slice(at + 1)] : [d, 'workspace:*'];
  dependencies[n] = v;
}
const write = (file, content) => {
  const path = join(dir, file);
  if (!existsSync(path)) writeFileSync(path, content);
};
write(
  'package.json',
  `${JSON.stringify(
    {
      name,
      version: '0.1.0',
      description,
      type: 'module',
      license: 'UNLICENSED',
      exports: {
        '.': {
          '@usesync/source': './src/index.ts',
          types: './dist/index.d.ts',
          default: './dist/index.js',
        },
      },
      files: ['dist', 'README.md'],
      engines: { node: '>=24.11.0' },
      scripts: {
        build: 'tsc -p tsconfig.build.json',
        typecheck: 'tsc -p tsconfig.json --noEmit',
      },
      dependencies,
    },
    null,
    2,
  )}\n`,
);
write(
  'tsconfig.json',
  `${JSON.stringify({ extends: `${up}tsconfig.base.json`, compilerOptions: { noEmit: true }, include: ['src', 'test'] }, null, 2)}\n`,
);
write(
  'tsconfig.build.json',
  `${JSON.stringify(
    {
      extends: './tsconfig.json',
      compilerOptions: { noEmit: false, rootDir: 'src', outDir: 'dist' },
      include: ['src'],
    },
    null,
    2,
  )}\n`,
);
write('src/index.ts', `// ${name}: ${description}\nexport {};\n`);
write('README.md', `# ${name}\n\n${description}\n`);
