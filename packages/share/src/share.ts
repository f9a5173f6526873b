import { UsesyncError } from '@usesync/domain';

/** Why a listed entry is refused by the share itself (before any caller rule). */
export type EntryRefusalCode =
  /** The name is not valid UTF-8; `name` is an escaped, printable form that addresses nothing. */
  | 'undecodable-name'
  /** The name fails `unsafeNameReason` (separators, `..`, control characters, too long). */
  | 'unsafe-name'
  /** Longer than {@link MAX_UPLOAD_NAME_BYTES}: the pushback names built from it would not fit. */
  | 'name-too-long'
  /** A symbolic link: never followed, wherever it points. */
  | 'symlink'
  /** A FIFO, socket or device: only regular files are read. */
  | 'special-file'
  /** A folder where a file is expected. */
  | 'directory'
  /** Larger than the caller's limit (never read). */
  | 'too-large'
  /** A folder whose real path leaves the share root (a symlinked `keys/private`, …). */
  | 'outside-root'
  /** It changed between the listing and the read (vanished, or became something else). */
  | 'changed';

/** A refusal attached to a listed entry. */
export interface EntryRefusal {
  readonly code: EntryRefusalCode;
  /** One sentence for a report line, e.g. `it is a symbolic link (never followed)`. */
  readonly reason: string;
}

/** One entry of a share directory. */
export interface ShareEntry {
  /**
   * The name as the server reports it; check it with `isSafeName` before using it in a path. A
   * name that is not valid UTF-8 is given escaped (`\xff`) with `refusal.code` `undecodable-name`.
   */
  readonly name: string;
  /** `file`, `dir`, or `other` (symbolic links, FIFOs, sockets, devices: never followed or read). */
  readonly kind: 'file' | 'dir' | 'other';
  readonly size: number;
  /** Last modification, milliseconds since the epoch. */
  readonly mtimeMs: number;
  /**
   * Set when the share itself refuses the entry: an undecodable or unsafe name, a symbolic link,
   * a special file. Such an entry is never opened; report it with `name` (printable) and `reason`.
   */
  readonly refusal?: EntryRefusal;
}

/** A refused entry as data, for a report line. */
export interface RefusedEntry {
  /** Printable (escaped) name; addresses the file only when `addressable` is true. */
  readonly name: string;
  readonly code: EntryRefusalCode;
  readonly reason: string;
  /** True when `name` is the verbatim, safe name (the caller may remove the file by it). */
  readonly addressable: boolean;
}

/**
 * A tenant's file share: a local folder or an SFTP server. Paths are relative to the share root,
 * `/`-separated, and every segment must pass `isSafeName` (else `SHARE_UNSAFE_NAME`, before any
 * I/O). A file that is a symbolic link is never followed; a folder whose real path leaves the
 * share root (a symlinked `return/`, `keys/private`, `use/`) is refused with `SHARE_OUTSIDE_ROOT`.
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
  | 'SHARE_OUTSIDE_ROOT'
  | 'SHARE_ROOTS_OVERLAP'
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
