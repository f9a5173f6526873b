import { UsesyncError } from '@usesync/domain';

/** One PostgreSQL schema step; versions mean the same as the SQLite migrations of that number. */
export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// Byte-order collation everywhere: ORDER BY gives the same order as SQLite's BINARY.
const T = 'TEXT COLLATE "C"';

/** The PostgreSQL schema, mirroring `internal/migrations.ts` table by table. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'live state, secrets, ledger, journal, processed files',
    sql: `
CREATE TABLE meta (key ${T} PRIMARY KEY, value BYTEA NOT NULL);

CREATE TABLE pgp_keys (
  tenant ${T} NOT NULL, fingerprint ${T} NOT NULL, address ${T} NOT NULL, address_key ${T} NOT NULL,
  algorithm ${T} NOT NULL, bits INTEGER NOT NULL, user_id ${T} NOT NULL, created ${T} NOT NULL,
  expires ${T}, status ${T} NOT NULL CHECK (status IN ('active', 'deleted')), origin ${T} NOT NULL,
  PRIMARY KEY (tenant, fingerprint));
CREATE INDEX pgp_keys_by_address ON pgp_keys (tenant, address_key);
CREATE TABLE pgp_key_material (
  tenant ${T} NOT NULL, fingerprint ${T} NOT NULL, public_key ${T} NOT NULL,
  PRIMARY KEY (tenant, fingerprint));

CREATE TABLE certificates (
  tenant ${T} NOT NULL, serial ${T} NOT NULL, address ${T} NOT NULL, address_key ${T} NOT NULL,
  issuer_dn ${T} NOT NULL, subject_dn ${T} NOT NULL, san_emails ${T} NOT NULL,
  not_before ${T} NOT NULL, not_after ${T} NOT NULL,
  status ${T} NOT NULL CHECK (status IN ('active', 'revoked')), team BOOLEAN NOT NULL,
  origin ${T} NOT NULL, order_ref ${T}, revoked_at ${T}, revocation_reason ${T},
  PRIMARY KEY (tenant, serial));
CREATE INDEX certificates_by_address ON certificates (tenant, address_key);
CREATE TABLE certificate_material (
  tenant ${T} NOT NULL, serial ${T} NOT NULL, certificate_pem ${T} NOT NULL,
  PRIMARY KEY (tenant, serial));

CREATE TABLE groups (tenant ${T} NOT NULL, name ${T} NOT NULL, PRIMARY KEY (tenant, name));
CREATE TABLE group_members (
  tenant ${T} NOT NULL, group_name ${T} NOT NULL, member ${T} NOT NULL,
  PRIMARY KEY (tenant, group_name, member));

CREATE TABLE rule_sets (tenant ${T} PRIMARY KEY, sealed BYTEA NOT NULL, updated_at ${T} NOT NULL);

CREATE TABLE passphrases (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant ${T} NOT NULL, digest ${T} NOT NULL,
  sealed BYTEA NOT NULL, UNIQUE (tenant, digest));

CREATE TABLE swisssign_users (
  tenant ${T} NOT NULL, address_key ${T} NOT NULL, address ${T} NOT NULL, name ${T} NOT NULL,
  given_name ${T}, surname ${T}, team BOOLEAN NOT NULL, added_at ${T} NOT NULL,
  PRIMARY KEY (tenant, address_key));

CREATE TABLE key_archive (
  tenant ${T} NOT NULL, kind ${T} NOT NULL CHECK (kind IN ('smime', 'pgp')), reference ${T} NOT NULL,
  address ${T} NOT NULL, address_key ${T} NOT NULL, format ${T} NOT NULL, created_at ${T} NOT NULL,
  size INTEGER NOT NULL, digest ${T} NOT NULL, sealed BYTEA NOT NULL,
  PRIMARY KEY (tenant, kind, reference));
CREATE INDEX key_archive_by_address ON key_archive (tenant, address_key);

CREATE TABLE ledger (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant ${T} NOT NULL,
  idempotency_key ${T} NOT NULL, address ${T} NOT NULL, order_ref ${T} NOT NULL, product ${T} NOT NULL,
  kind ${T} NOT NULL CHECK (kind IN ('create', 'renew')), at ${T} NOT NULL, serial ${T},
  UNIQUE (tenant, idempotency_key));

CREATE TABLE sync_runs (
  seq BIGINT GENERATED ALWAYS AS IDENTITY, id ${T} PRIMARY KEY, tenant ${T} NOT NULL,
  run_key ${T} NOT NULL,
  status ${T} NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed')),
  meta ${T} NOT NULL, started_at ${T} NOT NULL, finished_at ${T}, summary ${T});
CREATE UNIQUE INDEX sync_runs_unfinished ON sync_runs (tenant, run_key) WHERE finished_at IS NULL;
CREATE INDEX sync_runs_by_tenant ON sync_runs (tenant, started_at);

CREATE TABLE journal (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant ${T} NOT NULL, run_id ${T} NOT NULL,
  action_id ${T} NOT NULL, state ${T} NOT NULL CHECK (state IN ('started', 'completed', 'failed')),
  data ${T} NOT NULL, outcome ${T}, error ${T}, attempts INTEGER NOT NULL,
  started_at ${T} NOT NULL, finished_at ${T},
  UNIQUE (tenant, run_id, action_id));

CREATE TABLE processed_files (
  tenant ${T} NOT NULL, name ${T} NOT NULL, sha256 ${T} NOT NULL, outcome ${T} NOT NULL,
  processed_at ${T} NOT NULL, PRIMARY KEY (tenant, name));
`,
  },
  {
    version: 2,
    name: 'coordination: tenant leases, file claims, schedule ticks',
    // Expiry uses the server's clock (timestamptz), so replicas with skewed clocks agree.
    sql: `
CREATE TABLE tenant_leases (
  tenant ${T} PRIMARY KEY, holder ${T} NOT NULL, token ${T} NOT NULL,
  acquired_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL);

CREATE TABLE file_claims (
  tenant ${T} NOT NULL, file_name ${T} NOT NULL, sha256 ${T} NOT NULL, holder ${T} NOT NULL,
  token ${T} NOT NULL, attempts INTEGER NOT NULL, claimed_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL, completed_at TIMESTAMPTZ, outcome ${T},
  PRIMARY KEY (tenant, file_name, sha256));
CREATE INDEX file_claims_open ON file_claims (expires_at) WHERE completed_at IS NULL;

CREATE TABLE schedule_ticks (
  tenant ${T} NOT NULL, job ${T} NOT NULL, tick ${T} NOT NULL, holder ${T} NOT NULL,
  claimed_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (tenant, job, tick));
`,
  },
  {
    version: 3,
    name: 'key pool: pre-generated private keys and their uses',
    // Takers pick rows with FOR UPDATE SKIP LOCKED: replicas taking at once get different keys.
    sql: `
CREATE TABLE key_pool (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id ${T} NOT NULL UNIQUE, kind ${T} NOT NULL,
  sealed BYTEA NOT NULL, added_at ${T} NOT NULL);
CREATE INDEX key_pool_by_kind ON key_pool (kind, seq);

CREATE TABLE key_pool_uses (
  id ${T} PRIMARY KEY, kind ${T} NOT NULL, tenant ${T} NOT NULL, address ${T} NOT NULL,
  action_id ${T} NOT NULL, purpose ${T} NOT NULL CHECK (purpose IN ('smime', 'pgp')),
  taken_at ${T} NOT NULL);
CREATE INDEX key_pool_uses_by_tenant ON key_pool_uses (tenant, taken_at);
`,
  },
  {
    version: 4,
    name: 'order reservations: the cap on live certificates across concurrent runs',
    sql: `
CREATE TABLE order_reservations (
  tenant ${T} NOT NULL, reference ${T} NOT NULL, created_at ${T} NOT NULL,
  PRIMARY KEY (tenant, reference));
`,
  },
];

/** The schema version this code expects. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]?.version ?? 0;

/** What {@link migratePostgres} did. */
export interface PgMigrationResult {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly number[];
}

/** Checks a schema name: lower-case letters, digits and underscores, starting with a letter. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new UsesyncError(
      'STORE_INVALID_SCHEMA',
      `Cannot use the PostgreSQL schema ${JSON.stringify(schema)}: expected lower-case letters, digits and _`,
    );
  }
  return schema;
}
