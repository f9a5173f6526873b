import type { SmimeCreateAction } from '@usesync/domain';
import { printEntry, type SmimeStateEntry } from '@usesync/import-file';
import type { PlanInput } from '../input.js';
import { capRefusal, createActionFor, renewalDecision, renewalReason } from '../renewal.js';
import type { PlanBuilder } from './builder.js';
import { effective, settled } from './keys.js';
import type { LiveIndex } from './live-index.js';

/**
 * Plans the S/MIME section (manual step 3.2) and the swisssign-users list. Revocations are decided
 * first so that the cap on live certificates counts the capacity they free.
 */
export function planSmime(input: PlanInput, idx: LiveIndex, b: PlanBuilder): void {
  const entries = input.useImport?.entries ?? [];
  const { last, superseded } = effective<SmimeStateEntry>(entries, 'smime-state');
  const { policy } = input;
  const aggregated = policy.state === 'aggregated' && policy.smime.enabled && last.size > 0;

  // Pass 1: revocations (keystate 0, and absent addresses in aggregated state).
  let revoked = 0;
  const revokeAll = (address: string, reason: string, line: number | undefined) => {
    const certs = idx.certs.get(address);
    revoked += certs.length;
    return b.add('smime-revoke', {
      kind: 'smime-revoke',
      id: `smime-revoke:${address}`,
      ...(line === undefined ? {} : { line }),
      reason,
      address,
      certificates: certs.map((c) => ({ serial: c.serial, issuerDn: c.issuerDn })),
    });
  };
  const unlist = (address: string, reason: string, line: number | undefined) =>
    b.add('swisssign-users', {
      kind: 'swisssign-user-remove',
      id: `swisssign-user-remove:${address}`,
      ...(line === undefined ? {} : { line }),
      reason,
      address,
    });

  for (const e of entries) {
    if (e.kind !== 'smime-state') continue;
    const later = superseded.get(e.line);
    if (e.keyState === 1 && later === undefined && policy.smime.enabled) continue; // pass 2
    const text = printEntry(e);
    if (settled(b, e, text, later, policy.smime.enabled, 'S/MIME')) continue;
    const certs = idx.certs.get(e.address);
    const actions = [];
    if (certs.length > 0) actions.push(revokeAll(e.address, 'keystate 0', e.line));
    if (idx.swissSignUsers.has(e.address)) actions.push(unlist(e.address, 'keystate 0', e.line));
    if (certs.length > 0) {
      b.verdict(
        'useimport',
        e.line,
        '(-)',
        e.kind,
        text,
        `revoke ${certs.length} valid certificate(s)`,
        actions,
        e.address,
      );
    } else {
      const why =
        actions.length > 0
          ? 'no valid certificate; removed from the swisssign-users list'
          : 'no valid certificate';
      b.verdict('useimport', e.line, '(%)', e.kind, text, why, actions, e.address);
    }
  }
  if (aggregated) {
    for (const address of [...idx.certs.keys()].sort()) {
      if (!last.has(address)) revokeAll(address, 'absent from the aggregated state file', undefined);
    }
  }
  let capacity = policy.smime.maxLiveCertificates - (idx.liveCertificates - revoked);

  // Pass 2: creations and renewals, in line order.
  for (const e of last.values()) {
    if (e.keyState !== 1 || !policy.smime.enabled) continue;
    const text = printEntry(e);
    const certs = idx.certs.get(e.address);
    const actions = [];
    const listed = idx.swissSignUsers.has(e.address);
    if (!listed && policy.smime.source === 'ca') {
      actions.push(
        b.add('swisssign-users', {
          kind: 'swisssign-user-add',
          id: `swisssign-user-add:${e.address}`,
          line: e.line,
          reason: 'keystate 1',
          address: e.address,
          name: e.name ?? e.address,
          ...(e.givenName === undefined ? {} : { givenName: e.givenName }),
          ...(e.surname === undefined ? {} : { surname: e.surname }),
          team: e.team ?? false,
        }),
      );
    }
    const d = renewalDecision(certs, input.now, policy.smime.renewalBufferHours);
    if (d.kind === 'valid') {
      const why = `a valid certificate exists (serial ${d.latest.serial}, until ${d.latest.notAfter.slice(0, 10)})${actions.length > 0 ? '; added to the swisssign-users list' : ''}`;
      b.verdict('useimport', e.line, '(%)', e.kind, text, why, actions, e.address);
      continue;
    }
    const expiring = d.kind === 'renew' ? d.latest : undefined;
    if (policy.smime.source === 'external') {
      const why =
        'certificates of this tenant are bought externally: upload the PKCS#12 to the private-keys folder';
      b.verdict('useimport', e.line, '(!)', e.kind, text, why, actions, e.address);
      continue;
    }
    // A renewal replaces a certificate that is still live, so it does not count against the cap.
    if (d.countsAgainstCap) {
      if (capacity <= 0) {
        b.verdict(
          'useimport',
          e.line,
          '(!)',
          e.kind,
          text,
          capRefusal(policy.smime.maxLiveCertificates),
          actions,
          e.address,
        );
        continue;
      }
      capacity--;
    }
    const semi = policy.smime.mode === 'semi-automatic';
    const create: SmimeCreateAction = b.add(
      'smime-create',
      createActionFor(
        {
          address: e.address,
          name: e.name ?? e.address,
          ...(e.givenName === undefined ? {} : { givenName: e.givenName }),
          ...(e.surname === undefined ? {} : { surname: e.surname }),
          team: e.team ?? false,
        },
        semi ? 'semi-automatic' : 'automatic',
        expiring ? renewalReason(expiring, policy.smime.renewalBufferHours) : 'no valid certificate',
        expiring,
        e.line,
      ),
    );
    const what = `${expiring ? 'renew' : 'create'} a ${e.team ? 'team' : 'personal'} certificate`;
    const prefix = semi ? '(?)' : expiring ? '(~)' : '(+)';
    const why = semi ? `${what}: handed to the service desk (semi-automatic mode)` : what;
    b.verdict('useimport', e.line, prefix, e.kind, text, why, [create, ...actions], e.address);
  }
  if (aggregated) {
    for (const address of [...idx.swissSignUsers].sort()) {
      if (!last.has(address)) unlist(address, 'absent from the aggregated state file', undefined);
    }
  }
}
