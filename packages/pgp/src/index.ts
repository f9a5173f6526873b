// @usesync/pgp: OpenPGP key generation (worker pool), import, validation and export (openpgp).
export { exportPublicKeys } from './export-keys.js';
export type { RsaKeyMaterial } from './from-rsa.js';
export { pgpKeyFromRsa } from './from-rsa.js';
export type { GeneratedPgpKey, GenerateOptions, RsaEngine } from './generate.js';
export { generatePgpKey } from './generate.js';
export type { ImportedPgpKey, ImportOptions, PgpImportResult } from './import-keys.js';
export { importPgpKeys } from './import-keys.js';
export type { PgpAlgorithm, PgpKeyInfo, PgpSubkeyInfo } from './key-info.js';
export type { PgpKeyPoolOptions } from './key-pool.js';
export { PgpKeyPool } from './key-pool.js';
export type { KeyPolicy, PgpGenerateType, PgpKeyRequest } from './key-request.js';
export {
  checkKeyRequest,
  DEFAULT_KEY_POLICY,
  DEFAULT_RSA_BITS,
  DEFAULT_VALIDITY,
  formatUserId,
  RSA_KEY_LENGTHS,
} from './key-request.js';
export type { KeyProblem, PgpProblemCode } from './problems.js';
