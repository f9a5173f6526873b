import { isAbsolute, join } from 'node:path';
import type { TenantConfig } from '@usesync/config';
import type { Store } from '@usesync/domain';
import {
  type CaHandle,
  caSettingsFromEnv,
  type ExecutorDeps,
  MAIL_SPOOL_DIR,
  type MailOptions,
  OUTBOX_DIR,
  openCa,
  openMailSpool,
  openStore,
  pgpMinimumKeyBits,
  SIMULATOR_STATE_FILE,
  sendDelivery,
  type WaitingKeyFiles,
} from '@usesync/executor';
import { waitingKeyFiles } from '@usesync/intake';
import { KeyPool } from '@usesync/key-pool';
import type { MailItem, MailTransport } from '@usesync/mailer';
import { PgpKeyPool } from '@usesync/pgp';
import { LocalShare } from '@usesync/share';
import { keyPoolOf } from '@usesync/store';

import type { CliIO } from '../io.js';

/** File of the embedded simulator's state inside the data directory (the executor owns the name). */
export const SIM_STATE_FILE = SIMULATOR_STATE_FILE;

/** The adapters of one CLI command, and how to release them. */
export interface Runtime {
  readonly store: Store;
  readonly deps: ExecutorDeps;
  /** `SwissSign simulator (<data>/swisssign-sim.json)` or the CA URL. */
  readonly caDescription: string;
  close(): Promise<void>;
}

/**
 * Opens the embedded defaults: the SQLite store of the data directory, the SwissSign simulator
 * on loopback (state in `<data>/swisssign-sim.json`, orders issued at once, the tenant's product
 * names) unless `USESYNC_SWISSSIGN_URL`/`_USER`/`_API_KEY` name a CA, and a PGP key-generation pool.
 */
export async function openRuntime(io: CliIO, dataDir: string, config: TenantConfig): Promise<Runtime> {
  const store = openStore(dataDir, io.env);
  let ca: CaHandle;
  try {
    ca = await openEmbeddedCa(io, dataDir, config);
  } catch (e) {
    await store.close();
    throw e;
  }
  const pool = new PgpKeyPool({ policy: { minRsaBits: pgpMinimumKeyBits(config) } });
  return {
    store,
    deps: { store, ca: ca.caFor(config), pgp: pool, keyPool: new KeyPool({ store: keyPoolOf(store) }) },
    caDescription: ca.description,
    close: async () => {
      await pool.close();
      await store.close();
      await ca.close();
    },
  };
}

/**
 * The CA of the embedded defaults: the SwissSign simulator on loopback (state in
 * `<data>/swisssign-sim.json`, the tenant's product names) unless `USESYNC_SWISSSIGN_URL`/`_USER`/
 * `_API_KEY` name a CA.
 */
export function openEmbeddedCa(io: CliIO, dataDir: string, config: TenantConfig): Promise<CaHandle> {
  return openCa(
    caSettingsFromEnv(io.env, {
      kind: 'simulator',
      stateFile: join(dataDir, SIM_STATE_FILE),
      products: config.smime.products,
    }),
  );
}

/** The local share root of a tenant (relative roots are inside the data directory). */
export function shareRoot(dataDir: string, config: TenantConfig): string {
  return isAbsolute(config.share.root) ? config.share.root : join(dataDir, config.share.root);
}

/**
 * The key files waiting in the tenant's key folders of the local share (`waitingKeyFiles` of
 * `@usesync/intake`, as the worker reads them): links, FIFOs, folders and files over the size
 * limit come back refused and are reported as failed imports.
 */
export async function keyFolderFiles(dataDir: string, config: TenantConfig): Promise<WaitingKeyFiles> {
  if (config.share.kind !== 'local') return { files: [], refused: [] };
  return waitingKeyFiles(new LocalShare(shareRoot(dataDir, config)), config);
}

/**
 * Delivers report mails into the outbox folder `<data>/outbox` (through the spool
 * `<data>/mail-spool`); returns lines for the terminal.
 */
export async function deliverMail(
  dataDir: string,
  config: TenantConfig,
  items: readonly MailItem[],
  mail?: MailOptions,
  smtp?: SmtpDelivery,
): Promise<string[]> {
  const spool = openMailSpool(dataDir, smtp?.transport);
  try {
    const from = smtp?.from ?? `usesync@${config.tenant.id.toLowerCase()}.usesync.invalid`;
    const { results, warnings } = await sendDelivery(spool, config, from, items, mail);
    const lines = warnings.map((w) => `mail: ${w}`);
    if (results.length === 0) return lines;
    const sent = results.filter((r) => r.state === 'sent').length;
    const kept = results.length - sent;
    lines.push(
      smtp
        ? `mail: ${sent} message(s) sent by SMTP${kept > 0 ? `, ${kept} kept in ${join(dataDir, MAIL_SPOOL_DIR)} for the worker to retry` : ''}`
        : `mail: ${sent} message(s) written to ${join(dataDir, OUTBOX_DIR)}`,
    );
    return lines;
  } finally {
    await spool.close();
  }
}

/** Mail by SMTP as the worker sends it (`usesync apply --config worker.yaml`). */
export interface SmtpDelivery {
  readonly transport: MailTransport;
  readonly from: string;
}

export { progressBar, runFileNames, saveCsv, stamp, writeReportFile } from './outputs.js';
