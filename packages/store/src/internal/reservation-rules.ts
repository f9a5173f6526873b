/** Reservations older than this no longer hold a slot (a run that never came back). */
export const RESERVATION_TTL_MS = 30 * 86_400_000;

/** The oldest `created_at` that still counts, for a check at `at`. */
export const reservationCutoff = (at: string): string =>
  new Date(Date.parse(at) - RESERVATION_TTL_MS).toISOString();

/** The SQL (both engines, `?`/`$n` placeholders by `p`) counting the slots taken besides `reference`. */
export const takenSlotsSql = (p: (n: number) => string): string =>
  `SELECT
     (SELECT COUNT(*) FROM certificates WHERE tenant = ${p(1)} AND status = 'active' AND not_after > ${p(2)})
   + (SELECT COUNT(*) FROM order_reservations WHERE tenant = ${p(1)} AND reference <> ${p(3)} AND created_at >= ${p(4)})
   AS n`;
