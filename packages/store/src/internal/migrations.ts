import type { DatabaseSync } from 'node:sqlite';
import { UsesyncError } from '@usesync/domain';

/** One schema step. Versions only grow; a released step is never edited, only followed. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// Every table carries the tenant in its key: no query can reach a row without naming its tenant.
// Plain types and no SQLite-only features beyond STRICT, so the PostgreSQL schema mirrors it.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'live state, secrets, ledger, journal, processed files',
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;

CREATE TABLE pgp_keys (
  tenant TEXT NOT NULL, fingerprint TEXT NOT NULL, address TEXT NOT NULL, address_key TEXT NOT NULL,
  algorithm TEXT NOT NULL, bits INTEGER NOT NULL, user_id TEXT NOT NULL, created TEXT NOT NULL,
  expires TEXT, status TEXT NOT NULL CHECK (status IN ('active', 'deleted')), origin TEXT NOT NULL,
  PRIMARY KEY (tenant, fingerprint)) STRICT;
CREATE INDEX pgp_keys_by_address ON pgp_keys (tenant, address_key);
-- Key material lives apart: planning scans the small rows only (a 3 KB row fills a page alone).
CREATE TABLE pgp_key_material (
  tenant TEXT NOT NULL, fingerprint TEXT NOT NULL, public_key TEXT NOT NULL,
  PRIMARY KEY (tenant, fingerprint)) STRICT;

CREATE TABLE certificates (
  tenant TEXT NOT NULL, serial TEXT NOT NULL, address TEXT NOT NULL, address_key TEXT NOT NULL,
  issuer_dn TEXT NOT NULL, subject_dn TEXT NOT NULL, san_emails TEXT NOT NULL,
  not_before TEXT NOT NULL, not_after TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'revoked')), team INTEGER NOT NULL,
  origin TEXT NOT NULL, order_ref TEXT, revoked_at TEXT, revocation_reason TEXT,
  PRIMARY KEY (tenant, serial)) STRICT;
CREATE INDEX certificates_by_address ON certificates (tenant, address_key);
CREATE TABLE certificate_material (
  tenant TEXT NOT NULL, serial TEXT NOT NULL, certificate_pem TEXT NOT NULL,
  PRIMARY KEY (tenant, serial)) STRICT;

CREATE TABLE groups (tenant TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (tenant, name)) STRICT;
CREATE TABLE group_members (
  tenant TEXT NOT NULL, group_name TEXT NOT NULL, member TEXT NOT NULL,
  PRIMARY KEY (tenant, group_name, member)) STRICT;

CREATE TABLE rule_sets (tenant TEXT PRIMARY KEY, sealed BLOB NOT NULL, updated_at TEXT NOT NULL) STRICT;

CREATE TABLE passphrases (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, digest TEXT NOT NULL,
  sealed BLOB NOT NULL, UNIQUE (tenant, digest)) STRICT;

CREATE TABLE swisssign_users (
  tenant TEXT NOT NULL, address_key TEXT NOT NULL, address TEXT NOT NULL, name TEXT NOT NULL,
  given_name TEXT, surname TEXT, team INTEGER NOT NULL, added_at TEXT NOT NULL,
  PRIMARY KEY (tenant, address_key)) STRICT;

CREATE TABLE key_archive (
  tenant TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('smime', 'pgp')), reference TEXT NOT NULL,
  address TEXT NOT NULL, address_key TEXT NOT NULL, format TEXT NOT NULL, created_at TEXT NOT NULL,
  size INTEGER NOT NULL, digest TEXT NOT NULL, sealed BLOB NOT NULL,
  PRIMARY KEY (tenant, kind, reference)) STRICT;
CREATE INDEX key_archive_by_address ON key_archive (tenant, address_key);

CREATE TABLE ledger (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, idempotency_key TEXT NOT NULL,
  address TEXT NOT NULL, order_ref TEXT NOT NULL, product TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('create', 'renew')), at TEXT NOT NULL, serial TEXT,
  UNIQUE (tenant, idempotency_key)) STRICT;

CREATE TABLE sync_runs (
  id TEXT PRIMARY KEY, tenant TEXT NOT NULL, run_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
  meta TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, summary TEXT) STRICT;
CREATE UNIQUE INDEX sync_runs_unfinished ON sync_runs (tenant, run_key) WHERE finished_at IS NULL;
CREATE INDEX sync_runs_by_tenant ON sync_runs (tenant, started_at);

CREATE TABLE journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, run_id TEXT NOT NULL,
  action_id TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('started', 'completed', 'failed')),
  data TEXT NOT NULL, outcome TEXT, error TEXT, attempts INTEGER NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT,
  UNIQUE (tenant, run_id, action_id)) STRICT;

CREATE TABLE processed_files (
  tenant TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, outcome TEXT NOT NULL,
  processed_at TEXT NOT NULL, PRIMARY KEY (tenant, name)) STRICT;
`,
  },
  {
    version: 2,
    name: 'coordination: tenant leases, file claims, schedule ticks',
    // Times in milliseconds since the epoch from the lease clock (one host shares one file).
    sql: `
CREATE TABLE tenant_leases (
  tenant TEXT PRIMARY KEY, holder TEXT NOT NULL, token TEXT NOT NULL,
  acquired_at INTEGER NOT NULL, expires_at INTEGER NOT NULL) STRICT;

CREATE TABLE file_claims (
  tenant TEXT NOT NULL, file_name TEXT NOT NULL, sha256 TEXT NOT NULL, holder TEXT NOT NULL,
  token TEXT NOT NULL, attempts INTEGER NOT NULL, claimed_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, completed_at INTEGER, outcome TEXT,
  PRIMARY KEY (tenant, file_name, sha256)) STRICT;
CREATE INDEX file_claims_open ON file_claims (expires_at) WHERE completed_at IS NULL;

CREATE TABLE schedule_ticks (
  tenant TEXT NOT NULL, job TEXT NOT NULL, tick TEXT NOT NULL, holder TEXT NOT NULL,
  claimed_at INTEGER NOT NULL, PRIMARY KEY (tenant, job, tick)) STRICT;
`,
  },
  {
    version: 3,
    name: 'key pool: pre-generated private keys and their uses',
    // Shared by every tenant: a pool entry belongs to no tenant until it is taken. A use row's
    // key is the entry id, so the database itself refuses to hand an entry out twice.
    sql: `
CREATE TABLE key_pool (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  sealed BLOB NOT NULL, added_at TEXT NOT NULL) STRICT;
CREATE INDEX key_pool_by_kind ON key_pool (kind, seq);

CREATE TABLE key_pool_uses (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, tenant TEXT NOT NULL, address TEXT NOT NULL,
  action_id TEXT NOT NULL, purpose TEXT NOT NULL CHECK (purpose IN ('smime', 'pgp')),
  taken_at TEXT NOT NULL) STRICT;
CREATE INDEX key_pool_uses_by_tenant ON key_pool_uses (tenant, taken_at);
`,
  },
  {
    version: 4,
    name: 'order reservations: the cap on live certificates across concurrent runs',
    sql: `
CREATE TABLE order_reservations (
  tenant TEXT NOT NULL, reference TEXT NOT NULL, created_at TEXT NOT NULL,
  PRIMARY KEY (tenant, reference)) STRICT;
`,
  },
];

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** The version of an open database (0 for an empty file). */
export function schemaVersion(db: DatabaseSync): number {
  const t = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'usesync_migrations'")
    .get();
  if (!t) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM usesync_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Brings the schema up to {@link SCHEMA_VERSION}, each step in its own transaction. `BEGIN
 * IMMEDIATE` takes the write lock first, so two processes opening a new file migrate once.
 */
export function migrate(db: DatabaseSync, now: () => string): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS usesync_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
  );
  for (const m of MIGRATIONS) {
    db.exec('BEGIN IMMEDIATE');
    try {
      const done = db.prepare('SELECT 1 FROM usesync_migrations WHERE version = ?').get(m.version);
      if (!done) {
        db.exec(m.sql);
        db.prepare('INSERT INTO usesync_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          m.version,
          m.name,
          now(),
        );
      }
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw new UsesyncError(
        'STORE_MIGRATION_FAILED',
        `Cannot migrate the store to version ${m.version}: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
  }
  const v = schemaVersion(db);
  if (v > SCHEMA_VERSION) {
    throw new UsesyncError(
      'STORE_SCHEMA_NEWER',
      `Cannot open the store: its schema version ${v} is newer than this usesync (${SCHEMA_VERSION}); upgrade usesync`,
    );
  }
}
