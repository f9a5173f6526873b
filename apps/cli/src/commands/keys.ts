import { loadTenantConfig, openStore, resolveDataDir, resolveTenant } from '@usesync/executor';
import * as keyPoolModule from '@usesync/key-pool';
import { exportPublicKeys } from '@usesync/pgp';
import type { Command } from 'commander';
import { type CliIO, Exit, UsageError } from '../io.js';
import { registerKeysPool } from './keys-pool.js';

interface Common {
  data?: string;
  tenant?: string;
}

/** Opens the store of the tenant a read-only command is about. */
export function readStore(io: CliIO, opts: Common) {
  const dataDir = resolveDataDir(opts.data, io.env, io.cwd);
  const tenant = resolveTenant(dataDir, opts.tenant, []);
  loadTenantConfig(dataDir, tenant);
  return { tenant, dataDir, store: openStore(dataDir, io.env, true) };
}

/**
 * `usesync keys list [--json]` and `usesync keys export <address> --pgp|--smime`: the keys and
 * certificates the gateway holds; exports carry public parts only (armoured PGP public keys, PEM
 * certificates). Exit 0, 1 when an export finds nothing, 2 for usage errors.
 */
export function registerKeys(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const keys = program
    .command('keys')
    .description('list and export the keys and certificates the gateway holds');
  registerKeysPool(keys, io, setExit, keyPoolModule);
  keys
    .command('list')
    .description('every PGP key and S/MIME certificate, with its state')
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .option('--tenant <id>', 'tenant (default: the only tenant)')
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: Common & { json?: boolean }) => {
      const { tenant, store } = readStore(io, opts);
      try {
        const pgp = (await store.listPgpKeys(tenant)).map(({ publicKeyArmored: _k, ...k }) => k);
        const smime = (await store.listCertificates(tenant)).map(({ certificatePem: _c, ...c }) => c);
        if (opts.json) io.out(`${JSON.stringify({ tenant, pgp, smime }, null, 2)}\n`);
        else {
          io.out(`PGP keys of ${tenant}: ${pgp.length}\n`);
          for (const k of pgp) {
            io.out(
              `  ${k.status.padEnd(8)} ${k.address}  ${k.fingerprint}  ${k.algorithm}-${k.bits}  expires ${k.expires ?? 'never'}  (${k.origin})\n`,
            );
          }
          io.out(`S/MIME certificates of ${tenant}: ${smime.length}\n`);
          for (const c of smime) {
            io.out(
              `  ${c.status.padEnd(8)} ${c.address}  serial ${c.serial}  until ${c.notAfter}  ${c.team ? 'team' : 'personal'}  (${c.origin}${c.orderRef ? `, ${c.orderRef}` : ''})\n`,
            );
          }
        }
      } finally {
        await store.close();
      }
      setExit(Exit.Ok);
    });
  keys
    .command('export')
    .description('the public parts of an address: PGP public keys or S/MIME certificates (PEM)')
    .argument('<address>', 'the mailbox')
    .option('--pgp', 'export the active PGP public keys')
    .option('--smime', 'export the active S/MIME certificates')
    .option('--data <dir>', 'data directory (default: $USESYNC_DATA, then ./.usesync)')
    .option('--tenant <id>', 'tenant (default: the only tenant)')
    .action(async (address: string, opts: Common & { pgp?: boolean; smime?: boolean }) => {
      if (opts.pgp === opts.smime)
        throw new UsageError('Cannot export: give exactly one of --pgp and --smime');
      const { tenant, store } = readStore(io, opts);
      let blocks: string[];
      try {
        if (opts.pgp) {
          const active = (await store.listPgpKeys(tenant, address)).filter((k) => k.status === 'active');
          blocks =
            active.length === 0
              ? []
              : await exportPublicKeys(active.map((k) => k.publicKeyArmored).join('\n'));
        } else {
          blocks = (await store.listCertificates(tenant, address))
            .filter((c) => c.status === 'active')
            .map((c) => c.certificatePem);
        }
      } finally {
        await store.close();
      }
      if (blocks.length === 0) {
        io.err(`usesync: ${address} has no active ${opts.pgp ? 'PGP key' : 'S/MIME certificate'}\n`);
        setExit(Exit.InputErrors);
        return;
      }
      io.out(blocks.map((b) => (b.endsWith('\n') ? b : `${b}\n`)).join(''));
      setExit(Exit.Ok);
    });
}
