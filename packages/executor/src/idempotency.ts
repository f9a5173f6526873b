import { createHash } from 'node:crypto';
import type { SyncInputs } from './inputs.js';

const hex = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

/**
 * The run key of a sync: SHA-256 over the input files (kind, name length, bytes), so the same
 * files resume the same unfinished run in the journal.
 */
export function runKeyOf(inputs: SyncInputs): string {
  const h = createHash('sha256');
  for (const [kind, f] of [
    ['useimport', inputs.useImport],
    ['ruleimport', inputs.ruleImport],
  ] as const) {
    if (!f) continue;
    h.update(`${kind}\0${f.bytes.length}\0`);
    h.update(f.bytes);
  }
  return h.digest('hex');
}

/**
 * The CA idempotency key of the `generation`-th certificate of an address (how many certificate
 * records the address had before: active, revoked or expired), `attempt` counting orders that
 * ended FAILED/REJECTED. It does not depend on the run: an order left pending by one run is found
 * again by the next run or the WatchDog, whatever file they come from; it changes once the
 * certificate is recorded, so the next creation (renewal, re-creation) is a new order.
 */
export function orderKey(tenant: string, address: string, generation: number, attempt: number): string {
  return `usesync-${hex(`${tenant}|smime|${address.toLowerCase()}|${generation}|${attempt}`).slice(0, 40)}`;
}
