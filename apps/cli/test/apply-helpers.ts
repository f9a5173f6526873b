import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, tempDir } from './helpers.js';

/** A data directory with tenant 12345TE, tuned for fast tests (ECDSA P-256, RSA-2048 PGP keys). */
export async function fastTenant(
  extra: (yaml: string) => string = (y) => y,
): Promise<{ data: string; env: Record<string, string> }> {
  const data = tempDir('usesync-apply-');
  const env = { USESYNC_DATA: data };
  const init = await run(['init', '--tenant', '12345TE'], env);
  if (init.code !== 0) throw new Error(init.err);
  const path = join(data, 'tenants', '12345TE.yaml');
  const yaml = readFileSync(path, 'utf8')
    .replace('keyAlgorithm: RSA-3072', 'keyAlgorithm: ECDSA-P256')
    .replace('defaultKeyLength: 4096', 'defaultKeyLength: 2048');
  writeFileSync(path, extra(yaml));
  return { data, env };
}
