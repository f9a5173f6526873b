import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { TenantConfig } from '@usesync/config';
import { UsesyncError } from '@usesync/domain';
import { LocalShare, SftpShare, type Share } from '@usesync/share';

/**
 * The tenant's share from its configuration: a local folder (relative roots against the data
 * directory) or an SFTP server (key file and known_hosts relative to the data directory).
 */
export function openTenantShare(config: TenantConfig, dataDir: string): Share {
  const s = config.share;
  const abs = (p: string) => (isAbsolute(p) ? p : join(dataDir, p));
  const fileMode = s.fileMode === undefined ? {} : { fileMode: s.fileMode };
  if (s.kind === 'local') return new LocalShare(abs(s.root), fileMode);
  const sftp = s.sftp;
  if (sftp === undefined) {
    throw new UsesyncError(
      'CONFIG_INVALID',
      `Cannot open the share of ${config.tenant.id}: share.sftp is missing`,
    );
  }
  const read = (what: string, path: string): string => {
    try {
      return readFileSync(abs(path), 'utf8');
    } catch (e) {
      throw new UsesyncError(
        'CONFIG_INVALID',
        `Cannot read the ${what} of tenant ${config.tenant.id} (${abs(path)}): ${(e as NodeJS.ErrnoException).code ?? e}`,
        { cause: e },
      );
    }
  };
  return new SftpShare({
    host: sftp.host,
    port: sftp.port,
    username: sftp.username,
    privateKey: read('SFTP private key', sftp.privateKeyFile),
    hostKey:
      sftp.hostKeyFingerprint !== undefined
        ? { fingerprint: sftp.hostKeyFingerprint }
        : { knownHosts: read('known_hosts file', sftp.knownHostsFile ?? '') },
    root: sftp.root,
    ...fileMode,
  });
}
