import * as keyPoolModule from '@usesync/key-pool';
import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { registerKeysPool } from '../src/commands/keys-pool.js';
import type { CliIO } from '../src/io.js';
import { fastTenant } from './apply-helpers.js';

async function pool(argv: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  let code = -1;
  const io: CliIO = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readFile: async () => new Uint8Array(),
    env,
    cwd: process.cwd(),
    isTTY: false,
  };
  const program = new Command().exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  registerKeysPool(
    program.command('keys'),
    io,
    (c) => {
      code = c;
    },
    keyPoolModule,
  );
  try {
    await program.parseAsync(['keys', 'pool', ...argv], { from: 'user' });
  } catch (e) {
    return { code: 2, out, err: `${err}${(e as Error).message}` };
  }
  return { code, out, err };
}

describe('usesync keys pool', () => {
  test('fill adds keys of the tenant kinds; status shows them per kind', async () => {
    const { env } = await fastTenant();
    const fill = await pool(['fill', '--count', '2'], env);
    expect(fill).toMatchObject({ code: 0 });
    expect(fill.out).toMatch(/added to the key pool in [\d.]+ s: ec-p256 2, rsa-2048 2/);
    const status = await pool(['status', '--json'], env);
    expect(JSON.parse(status.out)).toEqual({
      sizes: { 'rsa-2048': 2, 'rsa-3072': 0, 'rsa-4096': 0, 'ec-p256': 2, 'ec-p384': 0 },
    });
    const text = await pool(['status'], env);
    expect(text.out).toContain('  ec-p256   2\n');
  });

  test('explicit kinds are filled; unknown kinds and bad counts are usage errors', async () => {
    const { env } = await fastTenant();
    expect((await pool(['fill', '--count', '1', '--kinds', 'ec-p384'], env)).out).toContain(': ec-p384 1\n');
    const bad = await pool(['fill', '--count', '1', '--kinds', 'rsa-1024'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown kind rsa-1024');
    expect((await pool(['fill', '--count', '0'], env)).code).toBe(2);
  });
});
