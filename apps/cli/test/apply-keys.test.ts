import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret } from '@usesync/domain';
import { generatePgpKey } from '@usesync/pgp';
import { expect, test } from 'vitest';
import { fastTenant } from './apply-helpers.js';
import { run, tempDir, writeIn } from './helpers.js';

test('usesync apply imports a PGP private key uploaded with its passphrase line on the first run', async () => {
  const { data, env } = await fastTenant();
  const key = await generatePgpKey({
    address: 'ext.pgp@company.com',
    name: 'Ext Pgp',
    keyType: 'Curve25519',
    passphrase: new Secret('cli-first-run'),
    now: new Date(),
  });
  const priv = join(data, 'share', '12345TE', 'keys', 'private');
  mkdirSync(priv, { recursive: true });
  writeFileSync(join(priv, 'ext.asc'), key.privateKeyArmored.reveal());
  const file = writeIn(
    tempDir(),
    '12345TE_keys_1.useimport',
    'passphrase:cli-first-run;smimeimport\n#####\n',
  );
  const r = await run(['apply', file], env);
  expect(r.code, r.err).toBe(0);
  expect(r.out).toContain('ext.asc');
  expect(r.out).not.toContain('cli-first-run');
  expect(readdirSync(priv)).toEqual([]);
  const list = await run(['keys', 'list', '--json'], env);
  expect(JSON.parse(list.out).pgp.map((k: { address: string }) => k.address)).toEqual([
    'ext.pgp@company.com',
  ]);
});
