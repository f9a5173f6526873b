import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FileClaim, Lease } from '@usesync/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  KeyEncryptionKey,
  openPostgresStore,
  openSqliteStore,
  openStoreFromUrl,
  STORE_FILE,
} from '../src/index.js';
import { coordinationContract } from './coordination-contract.js';
import { type PgCluster, pgAvailability, startPgCluster } from './support/pg-cluster.js';
import { dropSchema, freshSchema } from './support/pg-schemas.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'usesync-coord-'));
  dirs.push(d);
  return d;
}

coordinationContract('sqlite (two connections to one file)', async () => {
  const file = join(tempDir(), STORE_FILE);
  const kek = KeyEncryptionKey.generate();
  return { a: openSqliteStore({ file, kek }), b: openSqliteStore({ file, kek }) };
});

const available = pgAvailability();
let cluster: PgCluster;
if (available.ok) {
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  coordinationContract('postgres (two pools)', async () => {
    const schema = freshSchema('c');
    const kek = KeyEncryptionKey.generate();
    const a = await openPostgresStore({ url: cluster.url, kek, schema, poolSize: 3 });
    const b = await openPostgresStore({ url: cluster.url, kek, schema, poolSize: 3 });
    return { a, b, dispose: () => dropSchema(cluster.url, schema) };
  });
} else {
  test.skip(available.reason, () => {});
}

/** Starts a child that takes a lease and a claim, and resolves with them once it reports. */
function startHolder(location: string, kek: string, tenant: string, ttlMs: number) {
  const here = new URL('./support/', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [join(here, 'ts-child.mjs'), join(here, 'lease-holder.ts'), location, kek, tenant, String(ttlMs)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const reported = new Promise<{ lease: Lease; claim: FileClaim }>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (l) => resolve(JSON.parse(l)));
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
  });
  return { child, reported };
}

describe('a replica killed with SIGKILL', () => {
  const engines = [
    ['sqlite', () => `sqlite:${tempDir()}`, true],
    ['postgres', () => `${cluster.url}?schema=${freshSchema('k')}`, available.ok],
  ] as const;
  for (const [name, where, ok] of engines) {
    test.skipIf(!ok)(
      `${name}: its lease and claim are taken over after they expire, not before`,
      async () => {
        const location = where();
        const kekText = randomBytes(32).toString('base64');
        const kek = KeyEncryptionKey.fromBase64(kekText);
        const ttl = 1500;
        const { child, reported } = startHolder(location, kekText, 'T7', ttl);
        const held = await reported;
        expect(held.lease.holder).toBe(`child-${child.pid}`);
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        const survivor = await openStoreFromUrl(location, { kek });
        const { tenantLock, fileClaims } = survivor.coordination;
        try {
          // The dead worker still holds both until the time to live runs out.
          expect(await tenantLock.acquire('T7', 'survivor', 10_000)).toBeUndefined();
          expect(
            await fileClaims.claim('T7', held.claim.fileName, held.claim.sha256, 'survivor', 10_000),
          ).toBeUndefined();
          await new Promise((r) =>
            setTimeout(r, Math.max(0, Date.parse(held.lease.expiresAt) - Date.now()) + 200),
          );
          expect((await tenantLock.acquire('T7', 'survivor', 10_000))?.holder).toBe('survivor');
          const taken = await fileClaims.claimAbandoned('survivor', 10_000, 'T7');
          expect(taken).toMatchObject({ fileName: held.claim.fileName, holder: 'survivor', attempts: 2 });
        } finally {
          await survivor.close();
        }
      },
    );
  }
});
