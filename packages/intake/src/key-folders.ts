import type { TenantConfig } from '@usesync/config';
import { readKeyFolder, type Share } from '@usesync/share';

/** A key file waiting in a key folder, and how to take it away once imported. */
export interface KeyFolderFile {
  readonly name: string;
  readonly folder: 'public' | 'private';
  readonly bytes: Uint8Array;
  /** Removes the file from its folder (call only once it was imported). */
  readonly remove: () => Promise<void>;
}

/** A key folder entry that was not read (a link, a FIFO, a folder, too large, outside the share). */
export interface RefusedKeyFolderFile {
  readonly name: string;
  readonly folder: 'public' | 'private';
  readonly reason: string;
}

/**
 * The files waiting in a tenant's public and private key folders, for the plan's `key-import`
 * actions (the shape `runSync` of `@usesync/executor` takes), read by `readKeyFolder` of
 * `@usesync/share`: regular files inside the share only; links (wherever they point), FIFOs,
 * folders and files over `limits.maxFileBytes` come back refused, to be reported.
 */
export async function waitingKeyFiles(
  share: Share,
  config: Pick<TenantConfig, 'share' | 'limits'>,
): Promise<{ files: KeyFolderFile[]; refused: RefusedKeyFolderFile[] }> {
  const files: KeyFolderFile[] = [];
  const refused: RefusedKeyFolderFile[] = [];
  for (const [folder, dir] of [
    ['public', config.share.publicKeysDir],
    ['private', config.share.privateKeysDir],
  ] as const) {
    const read = await readKeyFolder(share, dir, { maxFileBytes: config.limits.maxFileBytes });
    for (const f of read.files)
      files.push({
        name: f.name,
        folder,
        bytes: f.bytes,
        remove: async () => {
          await share.remove(f.path);
        },
      });
    for (const r of read.refused) refused.push({ name: r.name, folder, reason: r.reason });
  }
  return { files, refused };
}
