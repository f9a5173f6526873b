import { afterAll, beforeAll, test } from 'vitest';
import { storeContract } from './contract.js';
import { type PgCluster, pgAvailability, startPgCluster } from './support/pg-cluster.js';
import { pgStoreHandle } from './support/pg-schemas.js';

const fixedNow = () => new Date('2026-06-01T16:00:00.000Z');
const available = pgAvailability();
let cluster: PgCluster;

if (available.ok) {
  beforeAll(async () => {
    cluster = await startPgCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  storeContract('postgres', () => pgStoreHandle(cluster, { now: fixedNow }), { persistsBytes: true });
} else {
  test.skip(available.reason, () => {});
}
