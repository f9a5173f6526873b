import { randomBytes } from 'node:crypto';
import { readFileSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsesyncError } from '@usesync/domain';
import { KeyEncryptionKey } from './kek.js';

/** Name of the environment variable holding the key-encryption key (base64 of 32 bytes). */
export const KEK_ENV = 'USESYNC_KEK';
/** Name of the key file inside the data directory. */
export const KEK_FILE = 'kek';

/** Options of {@link loadKek}. */
export interface LoadKekOptions {
  /** The data directory holding the `kek` file. */
  readonly dataDir: string;
  /** Environment to read `USESYNC_KEK` from (pass `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Create `<dataDir>/kek` (mode 0600) when neither the variable nor the file exists. */
  readonly create?: boolean;
}

/**
 * Finds the key-encryption key: `USESYNC_KEK` (base64 of 32 bytes) when set, else the file
 * `<dataDir>/kek` (base64 text), else — with `create` — a new random key written to that file with
 * mode 0600. The file must be a regular file owned by the user running usesync and not readable by
 * group or others, in a directory not writable by everyone (else anyone could swap the key).
 * Throws `KEK_MISSING`, `KEK_INVALID` or `KEK_PERMISSIONS` with a message that never contains the
 * key.
 */
export function loadKek(options: LoadKekOptions): {
  kek: KeyEncryptionKey;
  source: 'env' | 'file' | 'created';
} {
  const fromEnv = options.env?.[KEK_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { kek: KeyEncryptionKey.fromBase64(fromEnv, `${KEK_ENV}`), source: 'env' };
  }
  const file = join(options.dataDir, KEK_FILE);
  let st: Stats | undefined;
  try {
    st = statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UsesyncError('KEK_MISSING', `Cannot read the key file ${file}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  if (st === undefined) {
    if (!options.create) {
      throw new UsesyncError(
        'KEK_MISSING',
        `Cannot load the key-encryption key: set ${KEK_ENV} or run \`usesync init\` to create ${file}`,
      );
    }
    assertKeyDirectory(options.dataDir, file);
    const text = `${randomBytes(32).toString('base64')}\n`;
    // `wx`: never overwrite a key someone else just created; losing a key loses every secret.
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    return { kek: KeyEncryptionKey.fromBase64(text, file), source: 'created' };
  }
  assertKeyFile(file, st);
  assertKeyDirectory(options.dataDir, file);
  return { kek: KeyEncryptionKey.fromBase64(readFileSync(file, 'utf8'), file), source: 'file' };
}

function assertKeyFile(file: string, st: Stats): void {
  if (!st.isFile()) {
    throw new UsesyncError('KEK_INVALID', `Cannot use the key file ${file}: it is not a regular file`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new UsesyncError(
      'KEK_PERMISSIONS',
      `Cannot use the key file ${file}: it is owned by uid ${st.uid}, not by the user running usesync (uid ${uid}); run chown ${uid} ${file}`,
    );
  }
  if ((st.mode & 0o077) !== 0) {
    throw new UsesyncError(
      'KEK_PERMISSIONS',
      `Cannot use the key file ${file}: it is accessible by group or others (mode ${(st.mode & 0o777).toString(8)}); run chmod 600`,
    );
  }
}

function assertKeyDirectory(dir: string, file: string): void {
  let mode: number;
  try {
    mode = statSync(dir).mode;
  } catch {
    return; // reading or creating the file reports a missing directory
  }
  if ((mode & 0o002) !== 0) {
    throw new UsesyncError(
      'KEK_PERMISSIONS',
      `Cannot use the key file ${file}: its directory ${dir} is writable by everyone (mode ${(mode & 0o7777).toString(8)}), so anyone could replace the key; run chmod 700 ${dir}`,
    );
  }
}
