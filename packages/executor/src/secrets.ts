import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { SecretRef } from '@usesync/config';
import { Secret, UsesyncError } from '@usesync/domain';

/**
 * Reads a secret named by the configuration: an environment variable, or a file (relative paths
 * against `baseDir`, trailing line break dropped). Throws `SECRET_MISSING` naming where it looked,
 * never the value.
 */
export function resolveSecretRef(
  ref: SecretRef,
  env: Readonly<Record<string, string | undefined>>,
  baseDir: string,
): Secret {
  if ('env' in ref) {
    const v = env[ref.env];
    if (v === undefined || v === '') {
      throw new UsesyncError(
        'SECRET_MISSING',
        `Cannot read a secret: environment variable ${ref.env} is not set`,
      );
    }
    return new Secret(v);
  }
  const path = isAbsolute(ref.file) ? ref.file : join(baseDir, ref.file);
  try {
    return new Secret(readFileSync(path, 'utf8').replace(/\r?\n$/, ''));
  } catch (e) {
    throw new UsesyncError(
      'SECRET_MISSING',
      `Cannot read a secret from ${path}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`,
      { cause: e },
    );
  }
}
