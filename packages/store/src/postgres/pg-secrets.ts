import { type ArchivedKeyInfo, normalizeAddress, Secret, type TenantId, UsesyncError } from '@usesync/domain';
import { aad, archiveAad } from '../internal/sealing.js';
import { keyedDigest, open, seal } from '../kek.js';
import type { Db } from './pg-db.js';

// The same sealing as the SQLite store (kek.ts, sealing.ts): a value moved between engines by a
// dump-and-load opens with the same key.
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

export async function getRuleSet(db: Db, tenant: TenantId): Promise<string> {
  const row = await db.one<{ sealed: Buffer }>('SELECT sealed FROM rule_sets WHERE tenant = $1', [tenant]);
  if (!row) return '';
  return fromUtf8.decode(open(db.kek, aad(tenant, 'rule-set'), row.sealed, 'the rule set'));
}

export async function setRuleSet(db: Db, tenant: TenantId, text: string): Promise<void> {
  await db.count(
    `INSERT INTO rule_sets (tenant, sealed, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (tenant) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = EXCLUDED.updated_at`,
    [tenant, seal(db.kek, aad(tenant, 'rule-set'), utf8.encode(text)), db.now()],
  );
}

export async function addPassphrases(
  db: Db,
  tenant: TenantId,
  passphrases: readonly Secret[],
): Promise<number> {
  return db.atomic(async () => {
    let added = 0;
    for (const p of passphrases) {
      const bytes = utf8.encode(p.reveal());
      const digest = keyedDigest(db.kek, aad(tenant, 'passphrase'), bytes);
      added += await db.count(
        'INSERT INTO passphrases (tenant, digest, sealed) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [tenant, digest, seal(db.kek, aad(tenant, 'passphrase', digest), bytes)],
      );
    }
    return added;
  });
}

export async function listPassphrases(db: Db, tenant: TenantId): Promise<Secret[]> {
  const rows = await db.rows<{ digest: string; sealed: Buffer }>(
    'SELECT digest, sealed FROM passphrases WHERE tenant = $1 ORDER BY seq',
    [tenant],
  );
  return rows.map(
    (r) =>
      new Secret(
        fromUtf8.decode(open(db.kek, aad(tenant, 'passphrase', r.digest), r.sealed, 'a passphrase')),
      ),
  );
}

export async function archiveKey(
  db: Db,
  tenant: TenantId,
  info: Omit<ArchivedKeyInfo, 'size'>,
  bytes: Uint8Array,
): Promise<void> {
  const where = archiveAad(tenant, info.kind, info.reference);
  const digest = keyedDigest(db.kek, where, bytes);
  // Insert first, compare after: two replicas archiving at once cannot both win.
  const inserted = await db.count(
    `INSERT INTO key_archive (tenant, kind, reference, address, address_key, format, created_at, size, digest, sealed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [
      tenant,
      info.kind,
      info.reference,
      info.address,
      normalizeAddress(info.address),
      info.format,
      info.createdAt,
      bytes.byteLength,
      digest,
      seal(db.kek, where, bytes),
    ],
  );
  if (inserted > 0) return;
  const existing = await db.one<{ digest: string }>(
    'SELECT digest FROM key_archive WHERE tenant = $1 AND kind = $2 AND reference = $3',
    [tenant, info.kind, info.reference],
  );
  if (existing?.digest === digest) return;
  throw new UsesyncError(
    'ARCHIVE_CONFLICT',
    `Cannot archive the ${info.kind} key ${info.reference}: different key material is already archived under that reference`,
  );
}

export async function getArchivedKey(
  db: Db,
  tenant: TenantId,
  kind: ArchivedKeyInfo['kind'],
  reference: string,
): Promise<Uint8Array | undefined> {
  const row = await db.one<{ sealed: Buffer }>(
    'SELECT sealed FROM key_archive WHERE tenant = $1 AND kind = $2 AND reference = $3',
    [tenant, kind, reference],
  );
  if (!row) return undefined;
  const bytes = open(db.kek, archiveAad(tenant, kind, reference), row.sealed, `the archived ${kind} key`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export async function listArchivedKeys(
  db: Db,
  tenant: TenantId,
  address?: string,
): Promise<ArchivedKeyInfo[]> {
  const cols = 'address, kind, reference, format, created_at, size';
  const order = 'ORDER BY created_at, kind, reference';
  const rows =
    address === undefined
      ? await db.rows(`SELECT ${cols} FROM key_archive WHERE tenant = $1 ${order}`, [tenant])
      : await db.rows(`SELECT ${cols} FROM key_archive WHERE tenant = $1 AND address_key = $2 ${order}`, [
          tenant,
          normalizeAddress(address),
        ]);
  return rows.map((r) => ({
    address: r.address as string,
    kind: r.kind as ArchivedKeyInfo['kind'],
    reference: r.reference as string,
    format: r.format as string,
    createdAt: r.created_at as string,
    size: Number(r.size),
  }));
}
