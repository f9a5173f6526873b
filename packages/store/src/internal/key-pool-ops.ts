import { randomBytes } from 'node:crypto';
import type { TenantId } from '@usesync/domain';
import {
  checkTake,
  type KeyPoolStore,
  POOLED_KEY_KINDS,
  type PooledKeyKind,
  type PooledKeyUseRecord,
  type TakenPooledKey,
} from '../key-pool-port.js';
import type { Ctx } from './context.js';
import { sqliteCaller } from './facade.js';
import { openPooledKey, sealPooledKey } from './sealing.js';
import { archiveKey } from './secrets-ops.js';

/** A new random pool entry id (shared by both engines). */
export const newPoolId = (): string => randomBytes(16).toString('hex');

/** Sizes with every kind present. */
export function emptySizes(): Record<PooledKeyKind, number> {
  return Object.fromEntries(POOLED_KEY_KINDS.map((k) => [k, 0])) as Record<PooledKeyKind, number>;
}

/** The key pool of a SQLite store; `enter` waits for a running store transaction. */
export function sqliteKeyPool(ctx: Ctx, enter: (tenant?: TenantId) => Promise<void>): KeyPoolStore {
  const call = sqliteCaller<TenantId | undefined>(enter);
  return {
    add: (kind, keys) =>
      call('add keys to the key pool', undefined, () => {
        checkTake(kind, 1);
        const ins = ctx.stmt('INSERT INTO key_pool (id, kind, sealed, added_at) VALUES (?, ?, ?, ?)');
        return ctx.atomic(() => {
          for (const key of keys) {
            const id = newPoolId();
            ins.run(id, kind, sealPooledKey(ctx.kek, kind, id, key), ctx.now());
          }
          return keys.length;
        });
      }),
    take: (kind, count, use, options) =>
      call('take a key from the key pool', use.tenant, () => {
        checkTake(kind, count, options);
        // Atomic under SQLite's write lock: the rows read here cannot be taken by anyone else.
        return ctx.atomic((): TakenPooledKey[] | undefined => {
          const rows = ctx.all(
            'SELECT id, sealed FROM key_pool WHERE kind = ? ORDER BY seq LIMIT ?',
            kind,
            count,
          );
          if (rows.length < count) return undefined;
          const del = ctx.stmt('DELETE FROM key_pool WHERE id = ?');
          const rec = ctx.stmt(
            'INSERT INTO key_pool_uses (id, kind, tenant, address, action_id, purpose, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          );
          const taken = rows.map((r) => {
            const id = r.id as string;
            del.run(id);
            rec.run(id, kind, use.tenant, use.address, use.actionId, use.purpose, ctx.now());
            return { id, kind, pkcs8: openPooledKey(ctx.kek, kind, id, r.sealed as Uint8Array) };
          });
          const first = taken[0];
          if (options?.archive && first) {
            archiveKey(
              ctx,
              use.tenant,
              { ...options.archive, address: use.address, kind: use.purpose },
              first.pkcs8,
            );
          }
          return taken;
        });
      }),
    sizes: () =>
      call('count the key pool', undefined, () => {
        const sizes = emptySizes();
        for (const r of ctx.all('SELECT kind, COUNT(*) AS n FROM key_pool GROUP BY kind')) {
          const kind = r.kind as PooledKeyKind;
          if (kind in sizes) sizes[kind] = Number(r.n);
        }
        return sizes;
      }),
    uses: (tenant) =>
      call('list key pool uses', tenant, () =>
        ctx
          .all(
            'SELECT id, kind, tenant, address, action_id, purpose, taken_at FROM key_pool_uses WHERE tenant = ? ORDER BY taken_at, id',
            tenant,
          )
          .map(useFromRow),
      ),
  };
}

/** A use row (object form, same column names in both engines) as a record. */
export function useFromRow(r: Record<string, unknown>): PooledKeyUseRecord {
  return {
    id: String(r.id),
    kind: String(r.kind) as PooledKeyKind,
    tenant: String(r.tenant),
    address: String(r.address),
    actionId: String(r.action_id),
    purpose: r.purpose === 'pgp' ? 'pgp' : 'smime',
    takenAt: String(r.taken_at),
  };
}
