import type { Store } from '@usesync/domain';
import { expect, test } from 'vitest';
import { certificate } from './fixtures.js';

const AT = '2026-06-01T16:00:00.000Z';

/** The order-reservation part of the contract (registered inside `storeContract`). */
export function reservationContract(s: () => Store): void {
  test('order reservations hold the cap with the live certificates; released ones free a slot', async () => {
    const store = s();
    await store.putCertificates('T1', [certificate('a@x.com', '01'), certificate('b@x.com', '02')]);
    // Cap 4: two live certificates, two slots.
    expect(await store.reserveOrder('T1', 'c#0', 4, AT)).toBe('reserved');
    expect(await store.reserveOrder('T1', 'c#0', 4, AT)).toBe('reserved'); // the same order again
    expect(await store.reserveOrder('T1', 'd#0', 4, AT)).toBe('reserved');
    expect(await store.reserveOrder('T1', 'e#0', 4, AT)).toBe('cap-reached');
    // Another tenant has its own cap.
    expect(await store.reserveOrder('T2', 'e#0', 1, AT)).toBe('reserved');
    await store.releaseOrder('T1', 'd#0');
    expect(await store.reserveOrder('T1', 'e#0', 4, AT)).toBe('reserved');
    // Reservations of a run that never came back stop counting after 30 days.
    const later = new Date(Date.parse(AT) + 31 * 86_400_000).toISOString();
    expect(await store.reserveOrder('T1', 'f#0', 3, later)).toBe('reserved');
    await store.releaseOrder('T1', 'unknown');
  });

  test('a reservation and the certificate it ordered are not counted twice when released together', async () => {
    const store = s();
    expect(await store.reserveOrder('T1', 'a#0', 1, AT)).toBe('reserved');
    await store.transaction('T1', async (tx) => {
      await tx.putCertificates('T1', [certificate('a@x.com', '01')]);
      await tx.releaseOrder('T1', 'a#0');
    });
    expect(await store.reserveOrder('T1', 'b#0', 2, AT)).toBe('reserved');
    expect(await store.reserveOrder('T1', 'c#0', 2, AT)).toBe('cap-reached');
  });
}
