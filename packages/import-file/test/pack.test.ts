import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const pkgDir = new URL('..', import.meta.url).pathname;
const domainDir = new URL('../../domain/', import.meta.url).pathname;
const built = existsSync(join(pkgDir, 'dist/index.js')) && existsSync(join(domainDir, 'dist/index.js'));

/**
 * Other teams install the parser as a package: `pnpm pack` must give a tarball that installs into a
 * plain npm project (with its one workspace dependency, `@usesync/domain`, packed the same way)
 * and works from its built output and type declarations.
 */
describe.skipIf(!built || process.env.USESYNC_SKIP_PACK === '1')('the packed package', () => {
  test('installs into a fresh npm project and parses a file', () => {
    const out = mkdtempSync(join(tmpdir(), 'usesync-pack-'));
    for (const dir of [domainDir, pkgDir]) {
      execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'pipe' });
    }
    const tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz'));
    expect(tarballs).toHaveLength(2);
    const project = join(out, 'consumer');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', ...tarballs.map((t) => join(out, t))], {
      cwd: project,
      stdio: 'pipe',
    });
    expect(existsSync(join(project, 'node_modules/@usesync/import-file/dist/index.d.ts'))).toBe(true);
    const script = `import { parseUseImport } from '@usesync/import-file';
const r = parseUseImport('group:a@b.com;g\\n#####\\n');
console.log(JSON.stringify(r.value.entries));`;
    writeFileSync(join(project, 'use.mjs'), script);
    const printed = execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(printed)).toEqual([
      { kind: 'group', line: 1, member: 'a@b.com', memberKind: 'address', group: 'g' },
    ]);
  }, 180_000);
});
