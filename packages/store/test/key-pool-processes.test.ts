import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KeyEncryptionKey, openStoreFromUrl } from '../src/index.js';
import { type PgCluster, pgAvailability, startPgCluster } from './support/pg-cluster.js';
import { dropSchema, freshSchema } from './support/pg-schemas.js';

const available = pgAvailability();
let cluster: PgCluster;

/** Starts a child that takes keys until the pool is empty once told to go. */
function taker(location: string, kek: string, name: string) {
  const here = new URL('./support/', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [join(here, 'ts-child.mjs'), join(here, 'pool-taker.ts'), location, kek, name],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const lines = createInterface({ input: child.stdout });
  const failed = new Promise<never>((_, reject) =>
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`taker exited with ${code}: ${err}`));
    }),
  );
  const next = () => Promise.race([new Promise<string>((resolve) => lines.once('line', resolve)), failed]);
  const ready = next();
  return {
    ready,
    go: async (): Promise<{ id: string; text: string }[]> => {
      const result = next();
      child.stdin.write('go\n');
      return JSON.parse(await result);
    },
  };
}

if (available.ok) {
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
}

describe.skipIf(!available.ok)('the key pool across processes on PostgreSQL', () => {
  test('two worker processes emptying one pool at once never get the same key', async () => {
    const schema = freshSchema('kpp');
    const location = `${cluster.url}?schema=${schema}`;
    const kekText = randomBytes(32).toString('base64');
    const store = await openStoreFromUrl(location, { kek: KeyEncryptionKey.fromBase64(kekText) });
    const keys = Array.from({ length: 300 }, (_, i) => `pooled-key-${i}`);
    await store.keyPool.add(
      'rsa-3072',
      keys.map((k) => new TextEncoder().encode(k)),
    );
    const children = [taker(location, kekText, 'a'), taker(location, kekText, 'b')];
    await Promise.all(children.map((c) => c.ready));
    const [a = [], b = []] = await Promise.all(children.map((c) => c.go()));
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    const all = [...a, ...b];
    expect(all.map((k) => k.text).sort()).toEqual([...keys].sort());
    expect(new Set(all.map((k) => k.id)).size).toBe(keys.length);
    expect((await store.keyPool.sizes())['rsa-3072']).toBe(0);
    expect(await store.keyPool.uses('T1')).toHaveLength(keys.length);
    await store.close();
    await dropSchema(cluster.url, schema);
  });
});

test.skipIf(available.ok)(
  `PostgreSQL key pool across processes: ${available.ok ? '' : available.reason}`,
  () => {},
);
