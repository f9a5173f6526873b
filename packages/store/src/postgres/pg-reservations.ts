import type { OrderReservation, TenantId } from '@usesync/domain';
import { reservationCutoff, takenSlotsSql } from '../internal/reservation-rules.js';
import type { Db } from './pg-db.js';

/** Advisory lock class of the order reservations (the second key is the tenant's hash). */
const LOCK_CLASS = 0x75736f72; // 'usor'

/**
 * Reserves an order slot in PostgreSQL: under a transaction-level advisory lock per tenant, so
 * concurrent reservations of one tenant (any process, any connection) count one after another.
 */
export async function reserveOrder(
  db: Db,
  tenant: TenantId,
  reference: string,
  cap: number,
  at: string,
): Promise<OrderReservation> {
  return db.atomic(async () => {
    await db.rows('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, tenant]);
    const known = await db.one('SELECT 1 AS x FROM order_reservations WHERE tenant = $1 AND reference = $2', [
      tenant,
      reference,
    ]);
    if (known) return 'reserved';
    const row = await db.one<{ n: number | string }>(
      takenSlotsSql((n) => `$${n}`),
      [tenant, at, reference, reservationCutoff(at)],
    );
    if (Number(row?.n ?? 0) >= cap) return 'cap-reached';
    await db.count('INSERT INTO order_reservations (tenant, reference, created_at) VALUES ($1, $2, $3)', [
      tenant,
      reference,
      at,
    ]);
    return 'reserved';
  });
}

/** Ends a reservation. */
export async function releaseOrder(db: Db, tenant: TenantId, reference: string): Promise<void> {
  await db.count('DELETE FROM order_reservations WHERE tenant = $1 AND reference = $2', [tenant, reference]);
}
