import type { TenantId } from '@usesync/domain';

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
