import { type ArchivedKeyInfo, normalizeAddress, Secret, type TenantId, UsesyncError } from '@usesync/domain';
import { keyedDigest, open, seal } from '../kek.js';
import type { Ctx, Row } from './context.js';
import { aad, archiveAad } from './sealing.js';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

// ---- Rule set -------------------------------------------------------------------------------

export function getRuleSet(ctx: Ctx, tenant: TenantId): string {
  const row = ctx.stmt('SELECT sealed FROM rule_sets WHERE tenant = ?').get(tenant) as Row | undefined;
  if (!row) return '';
  return fromUtf8.decode(open(ctx.kek, aad(tenant, 'rule-set'), row.sealed as Uint8Array, 'the rule set'));
}

export function setRuleSet(ctx: Ctx, tenant: TenantId, text: string): void {
  ctx
    .stmt('INSERT OR REPLACE INTO rule_sets (tenant, sealed, updated_at) VALUES (?, ?, ?)')
    .run(tenant, seal(ctx.kek, aad(tenant, 'rule-set'), utf8.encode(text)), ctx.now());
}

// ---- Passphrases ----------------------------------------------------------------------------

export function addPassphrases(ctx: Ctx, tenant: TenantId, passphrases: readonly Secret[]): number {
  const ins = ctx.stmt('INSERT OR IGNORE INTO passphrases (tenant, digest, sealed) VALUES (?, ?, ?)');
  return ctx.atomic(() => {
    let added = 0;
    for (const p of passphrases) {
      const bytes = utf8.encode(p.reveal());
      // A keyed digest finds duplicates without a readable value; the nonce makes ciphertexts differ.
      const digest = keyedDigest(ctx.kek, aad(tenant, 'passphrase'), bytes);
      added += Number(
        ins.run(tenant, digest, seal(ctx.kek, aad(tenant, 'passphrase', digest), bytes)).changes,
      );
    }
    return added;
  });
}

export function listPassphrases(ctx: Ctx, tenant: TenantId): Secret[] {
  const rows = ctx
    .stmt('SELECT digest, sealed FROM passphrases WHERE tenant = ? ORDER BY seq')
    .all(tenant) as Row[];
  return rows.map(
    (r) =>
      new Secret(
        fromUtf8.decode(
          open(
            ctx.kek,
            aad(tenant, 'passphrase', r.digest as string),
            r.sealed as Uint8Array,
            'a passphrase',
          ),
        ),
      ),
  );
}

// ---- Private-key archive --------------------------------------------------------------------

export function archiveKey(
  ctx: Ctx,
  tenant: TenantId,
  info: Omit<ArchivedKeyInfo, 'size'>,
  bytes: Uint8Array,
): void {
  const digest = keyedDigest(ctx.kek, archiveAad(tenant, info.kind, info.reference), bytes);
  ctx.atomic(() => {
    const existing = ctx
      .stmt('SELECT digest FROM key_archive WHERE tenant = ? AND kind = ? AND reference = ?')
      .get(tenant, info.kind, info.reference) as Row | undefined;
    if (existing) {
      if (existing.digest === digest) return;
      throw new UsesyncError(
        'ARCHIVE_CONFLICT',
        `Cannot archive the ${info.kind} key ${info.reference}: different key material is already archived under that reference`,
      );
    }
    ctx
      .stmt(
        `INSERT INTO key_archive (tenant, kind, reference, address, address_key, format, created_at, size, digest, sealed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        tenant,
        info.kind,
        info.reference,
        info.address,
        normalizeAddress(info.address),
        info.format,
        info.createdAt,
        bytes.byteLength,
        digest,
        seal(ctx.kek, archiveAad(tenant, info.kind, info.reference), bytes),
      );
  });
}

export function getArchivedKey(
  ctx: Ctx,
  tenant: TenantId,
  kind: ArchivedKeyInfo['kind'],
  reference: string,
): Uint8Array | undefined {
  const row = ctx
    .stmt('SELECT sealed FROM key_archive WHERE tenant = ? AND kind = ? AND reference = ?')
    .get(tenant, kind, reference) as Row | undefined;
  if (!row) return undefined;
  const bytes = open(
    ctx.kek,
    archiveAad(tenant, kind, reference),
    row.sealed as Uint8Array,
    `the archived ${kind} key`,
  );
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function listArchivedKeys(ctx: Ctx, tenant: TenantId, address?: string): ArchivedKeyInfo[] {
  const cols = 'address, kind, reference, format, created_at, size';
  const order = 'ORDER BY created_at, kind, reference';
  const rows = (
    address === undefined
      ? ctx.stmt(`SELECT ${cols} FROM key_archive WHERE tenant = ? ${order}`).all(tenant)
      : ctx
          .stmt(`SELECT ${cols} FROM key_archive WHERE tenant = ? AND address_key = ? ${order}`)
          .all(tenant, normalizeAddress(address))
  ) as Row[];
  return rows.map((r) => ({
    address: r.address as string,
    kind: r.kind as ArchivedKeyInfo['kind'],
    reference: r.reference as string,
    format: r.format as string,
    createdAt: r.created_at as string,
    size: Number(r.size),
  }));
}
