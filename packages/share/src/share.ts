import { UsesyncError } from '@usesync/domain';

/** One entry of a share directory. */
export interface ShareEntry {
  /** The name as the server reports it; check it with `isSafeName` before using it in a path. */
  readonly name: string;
  /** `file`, `dir`, or `other` (symbolic links, devices: never followed). */
  readonly kind: 'file' | 'dir' | 'other';
  readonly size: number;
  /** Last modification, milliseconds since the epoch. */
  readonly mtimeMs: number;
}

/**
 * A tenant's file share: a local folder or an SFTP server. Paths are relative to the share root,
 * `/`-separated, and every segment must pass `isSafeName` (else `SHARE_UNSAFE_NAME`, before any
 * I/O). Nothing follows a symbolic link.
 */
export interface Share {
  /** Where the share is, for logs (`local:/srv/share`, `sftp://user@host:22/root`); no secrets. */
  readonly location: string;
  /** Entries of a directory, sorted by name. A missing directory throws `SHARE_NOT_FOUND`. */
  list(dir: string): Promise<ShareEntry[]>;
  /** The bytes of a regular file. */
  read(path: string): Promise<Uint8Array>;
  /** Writes a file atomically (a temporary name beside it, then a rename over the target). */
  write(path: string, bytes: Uint8Array): Promise<void>;
  /** Removes a file; false when it did not exist. */
  remove(path: string): Promise<boolean>;
  /** Creates a directory and its parents; an existing one is fine. */
  mkdir(dir: string): Promise<void>;
  /** Releases the connection (a later call reconnects). */
  close(): Promise<void>;
}

/** Error codes of the share adapters. */
export type ShareErrorCode =
  | 'SHARE_UNSAFE_NAME'
  | 'SHARE_NOT_FOUND'
  | 'SHARE_NOT_A_FILE'
  | 'SHARE_IO'
  | 'SHARE_CONNECT'
  | 'SHARE_AUTH'
  | 'SHARE_HOST_KEY_UNKNOWN'
  | 'SHARE_HOST_KEY_MISMATCH'
  | 'SHARE_CONFIG';

/** A share failure with a stable code; messages name paths and hosts, never key material. */
export class ShareError extends UsesyncError {
  declare readonly code: ShareErrorCode;
  /** True when retrying later may succeed (network trouble), false for refusals and bad paths. */
  readonly retryable: boolean;

  constructor(code: ShareErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ShareError';
    this.retryable = options?.retryable ?? false;
  }
}
