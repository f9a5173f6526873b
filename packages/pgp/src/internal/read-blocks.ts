import { type Key, readKeys } from 'openpgp';
import { type KeyProblem, keyError } from '../problems.js';

/** The keys of one block of a file (one armour block, or the whole binary file). */
export interface KeyBlock {
  /** 1-based position of the block in the file. */
  readonly block: number;
  readonly keys: readonly Key[];
}

/** What a file holds: its key blocks and the problems of blocks that are not keys. */
export interface ReadKeysResult {
  readonly blocks: readonly KeyBlock[];
  readonly problems: readonly KeyProblem[];
}

const ARMOR_BLOCK = /-----BEGIN PGP ([A-Z0-9 ,/]+)-----[\s\S]*?-----END PGP \1-----/g;
const ARMOR_START = '-----BEGIN PGP ';

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : 'unknown failure';
}

/** True when bytes look like ASCII armour rather than binary packets. */
function looksArmored(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)));
  return head.includes(ARMOR_START);
}

/**
 * Reads every key in a file: ASCII armour (any number of blocks, each with any number of keys,
 * text around them ignored) or binary (concatenated transferable keys). Never throws: unreadable
 * blocks become problems.
 */
export async function readKeyFile(data: string | Uint8Array): Promise<ReadKeysResult> {
  if (typeof data !== 'string' && !looksArmored(data)) {
    if (data.length === 0)
      return { blocks: [], problems: [keyError('PGP_EMPTY', 'The file holds no PGP key')] };
    try {
      return { blocks: [{ block: 1, keys: await readKeys({ binaryKeys: data }) }], problems: [] };
    } catch (err) {
      return {
        blocks: [],
        problems: [keyError('PGP_UNREADABLE', `The file is not an OpenPGP key: ${reasonOf(err)}`)],
      };
    }
  }
  const text = typeof data === 'string' ? data : new TextDecoder('utf-8').decode(data);
  const blocks: KeyBlock[] = [];
  const problems: KeyProblem[] = [];
  let n = 0;
  for (const match of text.matchAll(ARMOR_BLOCK)) {
    n++;
    const label = match[1]!;
    if (label !== 'PUBLIC KEY BLOCK' && label !== 'PRIVATE KEY BLOCK') {
      problems.push(keyError('PGP_UNREADABLE', `Block ${n} is a PGP ${label}, not a key`));
      continue;
    }
    try {
      blocks.push({ block: n, keys: await readKeys({ armoredKeys: match[0] }) });
    } catch (err) {
      problems.push(
        keyError('PGP_UNREADABLE', `Block ${n} (PGP ${label}) is not readable: ${reasonOf(err)}`),
      );
    }
  }
  if (n === 0) {
    problems.push(
      text.includes(ARMOR_START)
        ? keyError('PGP_UNREADABLE', 'The file holds an incomplete ASCII-armoured block')
        : keyError('PGP_EMPTY', 'The file holds no PGP key'),
    );
  }
  return { blocks, problems };
}
