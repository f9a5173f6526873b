import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

// The worker script must also start from the built package (plain Node, no vitest, no sources).
const dist = new URL('../dist/index.js', import.meta.url);
const built = existsSync(dist);
const title = built
  ? 'built package'
  : 'built package (SKIPPED: run `pnpm --filter @usesync/pgp build` first)';

const script = `
import { PgpKeyPool } from ${JSON.stringify(dist.href)};
const pool = new PgpKeyPool({ size: 2 });
const now = new Date('2026-06-01T00:00:00Z');
const keys = await Promise.all([
  pool.generate({ address: 'a@example.com', name: 'A', keyType: 'Curve25519', now }),
  pool.generate({ address: 'b@example.com', name: 'B', keyLength: 2048, now }),
]);
const threads = pool.threads;
await pool.close();
console.log(JSON.stringify({ threads, after: pool.threads, keys: keys.map((k) => k.info) }));
`;

describe.skipIf(!built)(title, () => {
  test('runs the compiled worker from dist in a plain Node process and exits after close', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { timeout: 60_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`node failed: ${stderr}`)) : resolve(stdout)),
      ),
    );
    const result = JSON.parse(out) as { threads: number; after: number; keys: { algorithm: string }[] };
    expect(result.threads).toBe(2);
    expect(result.after).toBe(0);
    expect(result.keys.map((k) => k.algorithm)).toEqual(['EdDSA', 'RSA']);
  });
});
