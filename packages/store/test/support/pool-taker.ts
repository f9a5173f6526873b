// A child "worker" that takes pooled keys as fast as it can until the pool is empty, then prints
// the ids and plaintexts it got as one JSON line (after a `ready` line and the parent's go). Arguments: <store location> <kek base64> <name>.
import { KeyEncryptionKey, openStoreFromUrl } from '../../src/index.js';

const [location, kekText, name] = process.argv.slice(3);
if (!location || !kekText || !name) throw new Error('usage: <location> <kek> <name>');
const store = await openStoreFromUrl(location, { kek: KeyEncryptionKey.fromBase64(kekText), poolSize: 4 });
// Ready, then wait for the parent's go (a line on stdin), so both children take at the same time.
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const got: { id: string; text: string }[] = [];
// Four takers at once per process, as the executor's concurrency does.
await Promise.all(
  Array.from({ length: 4 }, async (_, lane) => {
    for (let i = 0; ; i++) {
      const use = {
        tenant: 'T1',
        address: `${name}${lane}x${i}@x.com`,
        actionId: `${name}-${lane}-${i}`,
        purpose: 'smime' as const,
      };
      const taken = await store.keyPool.take('rsa-3072', 1, use);
      if (!taken) return;
      for (const k of taken) got.push({ id: k.id, text: Buffer.from(k.pkcs8).toString() });
    }
  }),
);
await store.close();
process.stdout.write(`${JSON.stringify(got)}\n`);
