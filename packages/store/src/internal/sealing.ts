import { type ArchivedKeyInfo, Secret, type TenantId, UsesyncError } from '@usesync/domain';
import { type KeyEncryptionKey, keyedDigest, open, seal } from '../kek.js';

/**
 * Associated data that binds each sealed value to its tenant, purpose and row, shared by every
 * engine so a value means the same wherever it is stored.
 */
export const aad = (tenant: TenantId, purpose: string, ref = ''): string =>
  `usesync/v1/${tenant}/${purpose}/${ref}`;

/** Associated data of an archived private key. */
export const archiveAad = (tenant: TenantId, kind: string, reference: string): string =>
  aad(tenant, `archive-${kind}`, reference);

/** Associated data of the key-check value that detects a wrong key-encryption key at open. */
export const KEK_CHECK_AAD = 'usesync/v1/-/kek-check/';

/** The plaintext of the key check. */
export const KEK_CHECK_TEXT = new TextEncoder().encode('usesync');

// ---- What each engine seals and opens --------------------------------------------------------

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The sealed rule set of a tenant. */
export const sealRuleSet = (kek: KeyEncryptionKey, tenant: TenantId, text: string): Uint8Array =>
  seal(kek, aad(tenant, 'rule-set'), utf8.encode(text));

/** Opens a tenant's sealed rule set. */
export const openRuleSet = (kek: KeyEncryptionKey, tenant: TenantId, sealed: Uint8Array): string =>
  fromUtf8.decode(open(kek, aad(tenant, 'rule-set'), sealed, 'the rule set'));

/**
 * A passphrase as stored: a keyed digest that finds duplicates without a readable value, and
 * the sealed text (the nonce makes ciphertexts of one passphrase differ).
 */
export function sealPassphrase(
  kek: KeyEncryptionKey,
  tenant: TenantId,
  passphrase: Secret,
): { readonly digest: string; readonly sealed: Uint8Array } {
  const bytes = utf8.encode(passphrase.reveal());
  const digest = keyedDigest(kek, aad(tenant, 'passphrase'), bytes);
  return { digest, sealed: seal(kek, aad(tenant, 'passphrase', digest), bytes) };
}

/** Opens a stored passphrase. */
export const openPassphrase = (
  kek: KeyEncryptionKey,
  tenant: TenantId,
  digest: string,
  sealed: Uint8Array,
): Secret =>
  new Secret(fromUtf8.decode(open(kek, aad(tenant, 'passphrase', digest), sealed, 'a passphrase')));

/**
 * An archived key as stored: a keyed digest, compared to tell a repeat from a conflict, and the
 * sealed bytes.
 */
export function sealArchive(
  kek: KeyEncryptionKey,
  tenant: TenantId,
  info: Omit<ArchivedKeyInfo, 'size'>,
  bytes: Uint8Array,
): { readonly digest: string; readonly sealed: Uint8Array } {
  const where = archiveAad(tenant, info.kind, info.reference);
  return { digest: keyedDigest(kek, where, bytes), sealed: seal(kek, where, bytes) };
}

/** Opens an archived key into a fresh view of its bytes. */
export function openArchived(
  kek: KeyEncryptionKey,
  tenant: TenantId,
  kind: ArchivedKeyInfo['kind'],
  reference: string,
  sealed: Uint8Array,
): Uint8Array {
  const bytes = open(kek, archiveAad(tenant, kind, reference), sealed, `the archived ${kind} key`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The error of archiving other material under a reference already taken. */
export function archiveConflictError(info: Omit<ArchivedKeyInfo, 'size'>): UsesyncError {
  return new UsesyncError(
    'ARCHIVE_CONFLICT',
    `Cannot archive the ${info.kind} key ${info.reference}: different key material is already archived under that reference`,
  );
}

// ---- Key pool ---------------------------------------------------------------------------------

/** Associated data of a pooled key: not bound to a tenant (the pool is shared), but to its row. */
export const pooledKeyAad = (kind: string, id: string): string => `usesync/v1/-/key-pool-${kind}/${id}`;

/** A pooled private key as stored. */
export const sealPooledKey = (
  kek: KeyEncryptionKey,
  kind: string,
  id: string,
  bytes: Uint8Array,
): Uint8Array => seal(kek, pooledKeyAad(kind, id), bytes);

/** Opens a pooled private key into a fresh view of its bytes. */
export function openPooledKey(
  kek: KeyEncryptionKey,
  kind: string,
  id: string,
  sealed: Uint8Array,
): Uint8Array {
  const bytes = open(kek, pooledKeyAad(kind, id), sealed, `the pooled ${kind} key`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// ---- Key check --------------------------------------------------------------------------------

/** A new key-check value for a store being created. */
export const sealKekCheck = (kek: KeyEncryptionKey): Uint8Array => seal(kek, KEK_CHECK_AAD, KEK_CHECK_TEXT);

/** Fails with `STORE_WRONG_KEK` when `value` was not sealed with this key. */
export function verifyKekCheck(kek: KeyEncryptionKey, value: Uint8Array): void {
  try {
    open(kek, KEK_CHECK_AAD, value, 'the key check');
  } catch (e) {
    throw new UsesyncError(
      'STORE_WRONG_KEK',
      'Cannot open the store: the key-encryption key does not match the one this store was created with',
      { cause: e },
    );
  }
}
