import type { TenantId } from '@usesync/domain';
import { emptySizes, newPoolId, useFromRow } from '../internal/key-pool-ops.js';
import { openPooledKey, sealPooledKey } from '../internal/sealing.js';
import { checkTake, type KeyPoolStore, type PooledKeyKind, type TakenPooledKey } from '../key-pool-port.js';
import type { Db } from './pg-db.js';
import type { Run } from './pg-facade.js';
import { archiveKey } from './pg-secrets.js';

/** Runs an operation that belongs to no tenant on a pooled connection. */
export type RunShared = <T>(op: string, f: (db: Db) => Promise<T>) => Promise<T>;

/**
 * The key pool of a PostgreSQL store. Takers lock their rows with `FOR UPDATE SKIP LOCKED`, so
 * replicas taking at once each get different keys without waiting on each other's rows; the
 * use row (primary key: the entry id) is written in the same transaction as the delete.
 */
export function pgKeyPool(run: Run, shared: RunShared): KeyPoolStore {
  return {
    add: (kind, keys) =>
      shared('add keys to the key pool', async (db) => {
        checkTake(kind, 1);
        if (keys.length === 0) return 0;
        const ids = keys.map(() => newPoolId());
        const sealed = keys.map((k, i) => sealPooledKey(db.kek, kind, ids[i]!, k));
        return db.count(
          `INSERT INTO key_pool (id, kind, sealed, added_at)
           SELECT id, $2, sealed, $3 FROM unnest($1::text[], $4::bytea[]) AS u(id, sealed)`,
          [ids, kind, db.now(), sealed],
        );
      }),
    take: (kind, count, use, options) =>
      run('take a key from the key pool', use.tenant, (db) =>
        db
          .atomic(async (): Promise<TakenPooledKey[] | undefined> => {
            checkTake(kind, count, options);
            const rows = await db.rows<{ id: string; sealed: Buffer }>(
              `DELETE FROM key_pool WHERE seq IN (
               SELECT seq FROM key_pool WHERE kind = $1 ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
             RETURNING id, sealed`,
              [kind, count],
            );
            // Fewer than asked: undo the delete (the caller generates on demand instead).
            if (rows.length < count) throw new NotEnough();
            const at = db.now();
            await db.count(
              `INSERT INTO key_pool_uses (id, kind, tenant, address, action_id, purpose, taken_at)
             SELECT id, $2, $3, $4, $5, $6, $7 FROM unnest($1::text[]) AS u(id)`,
              [rows.map((r) => r.id), kind, use.tenant, use.address, use.actionId, use.purpose, at],
            );
            const taken = rows.map((r) => ({
              id: r.id,
              kind,
              pkcs8: openPooledKey(db.kek, kind, r.id, r.sealed),
            }));
            const first = taken[0];
            if (options?.archive && first) {
              await archiveKey(
                db,
                use.tenant,
                { ...options.archive, address: use.address, kind: use.purpose },
                first.pkcs8,
              );
            }
            return taken;
          })
          .catch((e: unknown) => {
            if (e instanceof NotEnough) return undefined;
            throw e;
          }),
      ),
    sizes: () =>
      shared('count the key pool', async (db) => {
        const sizes = emptySizes();
        const rows = await db.rows<{ kind: string; n: number }>(
          'SELECT kind, COUNT(*)::int AS n FROM key_pool GROUP BY kind',
        );
        for (const r of rows) if (r.kind in sizes) sizes[r.kind as PooledKeyKind] = r.n;
        return sizes;
      }),
    uses: (tenant: TenantId) =>
      run('list key pool uses', tenant, async (db) =>
        (
          await db.rows(
            'SELECT id, kind, tenant, address, action_id, purpose, taken_at FROM key_pool_uses WHERE tenant = $1 ORDER BY taken_at, id',
            [tenant],
          )
        ).map(useFromRow),
      ),
  };
}

/** Rolls a take back when the pool holds too few keys. */
class NotEnough extends Error {}
