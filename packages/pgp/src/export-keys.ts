import { UsesyncError } from '@usesync/domain';
import { readKeyFile } from './internal/read-blocks.js';

/**
 * The public part of every key in `data` (armoured or binary, public or private — protected
 * private keys need no passphrase for this), each as its own ASCII-armoured block, in file order.
 * Throws `UsesyncError` `PGP_UNREADABLE` when `data` holds no readable key: it is meant for keys
 * the gateway already holds, not for uploads (use `importPgpKeys` for those).
 */
export async function exportPublicKeys(data: string | Uint8Array): Promise<string[]> {
  const read = await readKeyFile(data);
  const armored = read.blocks.flatMap((b) => b.keys.map((k) => k.toPublic().armor()));
  const problem = read.problems[0];
  if (armored.length === 0 || problem) {
    throw new UsesyncError(
      'PGP_UNREADABLE',
      `Cannot export public keys: ${problem?.message ?? 'no key found'}`,
    );
  }
  return armored;
}
