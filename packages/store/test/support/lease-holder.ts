// A child "worker" that takes a tenant lease and a file claim, reports them on stdout as one JSON
// line and then hangs until it is killed. Arguments: <store location> <kek base64> <tenant> <ttl ms>.
import { KeyEncryptionKey, openStoreFromUrl } from '../../src/index.js';

const [location, kekText, tenant, ttlText] = process.argv.slice(3);
if (!location || !kekText || !tenant || !ttlText) throw new Error('usage: <location> <kek> <tenant> <ttl>');
const ttl = Number(ttlText);
const store = await openStoreFromUrl(location, { kek: KeyEncryptionKey.fromBase64(kekText) });
const lease = await store.coordination.tenantLock.acquire(tenant, `child-${process.pid}`, ttl);
const claim = await store.coordination.fileClaims.claim(
  tenant,
  `${tenant}_use_import_1.useimport`,
  'ab'.repeat(32),
  `child-${process.pid}`,
  ttl,
);
process.stdout.write(`${JSON.stringify({ lease, claim })}\n`);
setInterval(() => {}, 60_000);
