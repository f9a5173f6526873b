import { Secret } from '@usesync/domain';
import { decryptKey, type Key, type PrivateKey } from 'openpgp';
import { checkKey } from './internal/check-key.js';
import { readKeyFile } from './internal/read-blocks.js';
import { describeKey, type PgpKeyInfo } from './key-info.js';
import { DEFAULT_KEY_POLICY, type KeyPolicy } from './key-request.js';
import { type KeyProblem, keyError } from './problems.js';

/** Options for {@link importPgpKeys}. */
export interface ImportOptions {
  /** The moment keys must be valid at (expiry, revocation, signatures). */
  readonly now: Date;
  /** Passphrases to try on protected private keys, in order (tenant default first). */
  readonly passphrases?: readonly Secret[];
  /** Defaults to {@link DEFAULT_KEY_POLICY}. */
  readonly policy?: KeyPolicy;
}

/** One key found in an uploaded file, with the verdict on it. */
export interface ImportedPgpKey {
  /** 1-based armour block (1 for a binary file) the key came from. */
  readonly block: number;
  readonly info: PgpKeyInfo;
  /** True when there is no error-severity problem. */
  readonly accepted: boolean;
  readonly problems: readonly KeyProblem[];
  /** The key's public part, ASCII-armoured. */
  readonly publicKeyArmored: string;
  /** Private keys only: the key as uploaded (still protected), ASCII-armoured; masked when printed. */
  readonly privateKeyArmored?: Secret;
  /** Private keys only: the passphrase that unlocked it (absent when unprotected or none fit). */
  readonly passphrase?: Secret;
}

/** Everything found in one file: its keys and the problems of the file itself. */
export interface PgpImportResult {
  readonly keys: readonly ImportedPgpKey[];
  /** Problems not tied to one key: empty file, unreadable blocks. */
  readonly problems: readonly KeyProblem[];
}

/** Tries each passphrase in order; undefined when none unlocks the key. */
async function unlock(key: PrivateKey, passphrases: readonly Secret[]): Promise<Secret | undefined> {
  for (const passphrase of passphrases) {
    const ok = await decryptKey({ privateKey: key, passphrase: passphrase.reveal() }).then(
      () => true,
      () => false,
    );
    if (ok) return passphrase;
  }
  return undefined;
}

async function importOne(key: Key, block: number, options: ImportOptions): Promise<ImportedPgpKey> {
  const info = await describeKey(key);
  const problems = await checkKey(key, info, options.now, options.policy ?? DEFAULT_KEY_POLICY);
  const base = { block, info, publicKeyArmored: key.toPublic().armor() };
  if (!key.isPrivate()) return { ...base, accepted: !problems.some(isError), problems };
  const privateKeyArmored = new Secret(key.armor());
  let passphrase: Secret | undefined;
  if (!key.isDecrypted()) {
    const passphrases = options.passphrases ?? [];
    passphrase = await unlock(key, passphrases);
    if (passphrase === undefined) {
      // Say that it failed, never which passphrases were tried.
      const why =
        passphrases.length === 0
          ? 'it is passphrase-protected and no passphrase is configured'
          : 'none of the configured passphrases fits';
      problems.push(
        keyError('PGP_PASSPHRASE_WRONG', `Cannot unlock private key ${info.fingerprint}: ${why}`),
      );
    }
  }
  return {
    ...base,
    accepted: !problems.some(isError),
    problems,
    privateKeyArmored,
    ...(passphrase ? { passphrase } : {}),
  };
}

const isError = (p: KeyProblem): boolean => p.severity === 'error';

/**
 * Reads and judges every key of an uploaded file (armoured or binary, public or private, one or
 * many). Bad keys are data, not exceptions: each key carries its problems (expired, revoked, weak,
 * wrong passphrase …) and `accepted`; unreadable blocks are file problems. Never throws for bad
 * input, and no message contains key material or a passphrase.
 */
export async function importPgpKeys(
  data: string | Uint8Array,
  options: ImportOptions,
): Promise<PgpImportResult> {
  const read = await readKeyFile(data);
  const keys: ImportedPgpKey[] = [];
  for (const { block, keys: found } of read.blocks) {
    for (const key of found) keys.push(await importOne(key, block, options));
  }
  return { keys, problems: read.problems };
}
