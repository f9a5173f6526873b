// @usesync/share: a tenant's file share — a local folder or an SFTP server behind one interface,
// with atomic writes, path safety and a pinned SFTP host key.
export {
  type HostKeyPin,
  type HostKeyVerdict,
  hostKeyFingerprint,
  knownHostsName,
  verifyHostKey,
} from './host-key.js';
export type { ReconnectPolicy } from './internal/backoff.js';
export { LocalShare } from './local-share.js';
export { isSafeName, joinSharePath, printableName, safeSegments, unsafeNameReason } from './path-safety.js';
export { SftpShare, type SftpShareOptions } from './sftp-share.js';
export { type Share, type ShareEntry, ShareError, type ShareErrorCode } from './share.js';
