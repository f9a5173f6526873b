import type { Action } from '@usesync/domain';
import {
  type PgpStateEntry,
  printEntry,
  type SmimeStateEntry,
  type UseImportEntry,
} from '@usesync/import-file';
import type { PlanInput } from '../input.js';
import type { PlanBuilder } from './builder.js';
import type { LiveIndex } from './live-index.js';

/** The effective (last) line per address for one kind, and which earlier lines it supersedes. */
export function effective<E extends PgpStateEntry | SmimeStateEntry>(
  entries: readonly UseImportEntry[],
  kind: E['kind'],
): { last: Map<string, E>; superseded: Map<number, number> } {
  const last = new Map<string, E>();
  const superseded = new Map<number, number>();
  for (const e of entries) {
    if (e.kind !== kind) continue;
    const entry = e as E;
    const before = last.get(entry.address);
    if (before) superseded.set(before.line, entry.line);
    last.set(entry.address, entry);
  }
  return { last, superseded };
}

/**
 * Records the verdict of a key-state line that needs no planning: superseded by a later line
 * (`(%)`) or of a kind the tenant has switched off (`(!)`). True when it did.
 */
export function settled(
  b: PlanBuilder,
  e: PgpStateEntry | SmimeStateEntry,
  text: string,
  later: number | undefined,
  enabled: boolean,
  feature: string,
): boolean {
  if (later !== undefined) {
    b.verdict('useimport', e.line, '(%)', e.kind, text, `superseded by line ${later}`, [], e.address);
    return true;
  }
  if (!enabled) {
    b.verdict(
      'useimport',
      e.line,
      '(!)',
      e.kind,
      text,
      `${feature} is not enabled for this tenant`,
      [],
      e.address,
    );
    return true;
  }
  return false;
}

function short(fp: string): string {
  return fp.length > 16 ? fp.slice(-16) : fp;
}

/** Plans the PGP section (manual step 3.1). */
export function planPgp(input: PlanInput, idx: LiveIndex, b: PlanBuilder): void {
  const entries = input.useImport?.entries ?? [];
  const { last, superseded } = effective<PgpStateEntry>(entries, 'pgp-state');
  const { policy } = input;
  for (const e of entries) {
    if (e.kind !== 'pgp-state') continue;
    const text = printEntry(e);
    if (settled(b, e, text, superseded.get(e.line), policy.pgp.enabled, 'PGP')) continue;
    const keys = idx.pgp.get(e.address);
    if (e.keyState === 1) {
      if (keys.length > 0) {
        const k = keys[0]!;
        b.verdict(
          'useimport',
          e.line,
          '(%)',
          e.kind,
          text,
          `a live PGP key exists (${short(k.fingerprint)})`,
          [],
          e.address,
        );
        continue;
      }
      const keyType = e.keyType ?? 'RSA';
      const keyLength = e.keyLength ?? policy.pgp.defaultKeyLength;
      if (keyType === 'DSA') {
        const why = 'DSA keys are not generated (RFC 9580 deprecates DSA); use keytype:RSA';
        b.verdict('useimport', e.line, '(!)', e.kind, text, why, [], e.address);
        continue;
      }
      if (keyLength < policy.pgp.minimumKeyLength) {
        const why = `keylength ${keyLength} is below this tenant's minimum of ${policy.pgp.minimumKeyLength} bit (weak keys are not allowed)`;
        b.verdict('useimport', e.line, '(!)', e.kind, text, why, [], e.address);
        continue;
      }
      const action = b.add('pgp', {
        kind: 'pgp-create',
        id: `pgp-create:${e.address}`,
        line: e.line,
        reason: 'no live PGP key',
        address: e.address,
        name: e.name ?? e.address,
        ...(e.comment === undefined ? {} : { comment: e.comment }),
        keyType,
        keyLength,
        validity: e.validity ?? policy.pgp.defaultValidity,
      });
      b.verdict(
        'useimport',
        e.line,
        '(+)',
        e.kind,
        text,
        `create a ${keyType}-${keyLength} key`,
        [action],
        e.address,
      );
    } else if (keys.length > 0) {
      const action = pgpDelete(b, e.address, 'keystate 0', keys, e.line);
      b.verdict(
        'useimport',
        e.line,
        '(-)',
        e.kind,
        text,
        `delete ${keys.length} live PGP key(s)`,
        [action],
        e.address,
      );
    } else {
      b.verdict('useimport', e.line, '(%)', e.kind, text, 'no live PGP key', [], e.address);
    }
  }
  // Aggregated state: the file is the complete list (when it holds PGP states at all).
  if (policy.state === 'aggregated' && policy.pgp.enabled && last.size > 0) {
    for (const address of [...idx.pgp.keys()].sort()) {
      if (!last.has(address)) {
        pgpDelete(b, address, 'absent from the aggregated state file', idx.pgp.get(address), undefined);
      }
    }
  }
}

function pgpDelete(
  b: PlanBuilder,
  address: string,
  reason: string,
  keys: readonly { fingerprint: string }[],
  line: number | undefined,
): Action {
  return b.add('pgp', {
    kind: 'pgp-delete',
    id: `pgp-delete:${address}`,
    ...(line === undefined ? {} : { line }),
    reason,
    address,
    fingerprints: keys.map((k) => k.fingerprint).sort(),
  });
}
