import type { OrderReservation, TenantId } from '@usesync/domain';
import type { Ctx } from './context.js';
import { reservationCutoff, takenSlotsSql } from './reservation-rules.js';

/**
 * Reserves an order slot in SQLite: the insert comes first, so the write lock is taken before
 * the count (two processes serialise on it instead of both counting the same), and is rolled back
 * when the count shows the cap reached.
 */
export function reserveOrder(
  ctx: Ctx,
  tenant: TenantId,
  reference: string,
  cap: number,
  at: string,
): OrderReservation {
  const known = ctx
    .stmt('SELECT 1 FROM order_reservations WHERE tenant = ? AND reference = ?')
    .get(tenant, reference);
  if (known) return 'reserved';
  const full = Symbol('cap-reached');
  try {
    ctx.atomic(() => {
      ctx
        .stmt('INSERT INTO order_reservations (tenant, reference, created_at) VALUES (?, ?, ?)')
        .run(tenant, reference, at);
      const row = ctx
        .stmt(takenSlotsSql((n) => `?${n}`))
        .get(tenant, at, reference, reservationCutoff(at)) as {
        n: number;
      };
      if (row.n >= cap) throw full;
    });
  } catch (e) {
    if (e === full) return 'cap-reached';
    throw e;
  }
  return 'reserved';
}

/** Ends a reservation. */
export function releaseOrder(ctx: Ctx, tenant: TenantId, reference: string): void {
  ctx.stmt('DELETE FROM order_reservations WHERE tenant = ? AND reference = ?').run(tenant, reference);
}
