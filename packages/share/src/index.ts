// @usesync/share: a tenant's file share — a local folder or an SFTP server behind one interface,
// with atomic writes, path safety and a pinned SFTP host key.
export {
  type KeyFolderContents,
  type KeyFolderFile,
  type KeyFolderOptions,
  listUploads,
  readKeyFolder,
  type UploadListing,
} from './folders.js';
export {
  type HostKeyPin,
  type HostKeyVerdict,
  hostKeyFingerprint,
  knownHostsName,
  verifyHostKey,
} from './host-key.js';
export type { ReconnectPolicy } from './internal/backoff.js';
export { LocalShare, type LocalShareOptions } from './local-share.js';
export {
  assertSeparateShareRoots,
  findOverlappingShareRoots,
  type ShareRootOverlap,
  type TenantShareRoot,
} from './overlap.js';
export {
  decodeRawName,
  isSafeName,
  joinSharePath,
  MAX_NAME_BYTES,
  MAX_UPLOAD_NAME_BYTES,
  PUSHBACK_SUFFIX_ALLOWANCE_BYTES,
  printableName,
  safeSegments,
  unsafeNameReason,
  uploadNameReason,
} from './path-safety.js';
export { SftpShare, type SftpShareOptions } from './sftp-share.js';
export {
  type EntryRefusal,
  type EntryRefusalCode,
  type RefusedEntry,
  type Share,
  type ShareEntry,
  ShareError,
  type ShareErrorCode,
} from './share.js';
