import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { TenantConfig } from '@usesync/config';
import { type KeyImportResult, Secret, type Store } from '@usesync/domain';
import { type ExecutorDeps, importKeys, type KeyFile, openStore, resolveSecretRef } from '@usesync/executor';
import {
  composeMessages,
  type FileMailOptions,
  type MailItem,
  MailSpool,
  OutboxTransport,
} from '@usesync/mailer';
import { PgpKeyPool } from '@usesync/pgp';
import { type SimulatorHandle, SwissSignClient, startSimulator } from '@usesync/swisssign';
import type { CliIO } from '../io.js';

/** Environment variables naming a real (or external) SwissSign RA API instead of the simulator. */
export const CA_ENV = {
  url: 'USESYNC_SWISSSIGN_URL',
  user: 'USESYNC_SWISSSIGN_USER',
  apiKey: 'USESYNC_SWISSSIGN_API_KEY',
} as const;

/** File of the embedded simulator's state inside the data directory. */
export const SIM_STATE_FILE = 'swisssign-sim.json';

/** The adapters of one CLI command, and how to release them. */
export interface Runtime {
  readonly store: Store;
  readonly deps: ExecutorDeps;
  /** `simulator (<data>/swisssign-sim.json)` or the CA URL. */
  readonly caDescription: string;
  close(): Promise<void>;
}

/**
 * Opens the embedded defaults: the SQLite store of the data directory, the SwissSign simulator
 * on loopback (state in `<data>/swisssign-sim.json`, orders issued at once) unless
 * `USESYNC_SWISSSIGN_URL`/`_USER`/`_API_KEY` name a CA, and a PGP key-generation pool.
 */
export async function openRuntime(io: CliIO, dataDir: string, config: TenantConfig): Promise<Runtime> {
  const store = openStore(dataDir, io.env);
  let sim: SimulatorHandle | undefined;
  let ca: SwissSignClient;
  let caDescription: string;
  const products = config.smime.products;
  const url = io.env[CA_ENV.url];
  try {
    if (url) {
      ca = new SwissSignClient({
        baseUrl: url,
        userName: io.env[CA_ENV.user] ?? '',
        apiKey: new Secret(io.env[CA_ENV.apiKey] ?? ''),
        products,
        ...(isLoopback(url)
          ? { rateLimit: false as const, poll: { initialDelayMs: 20, maxDelayMs: 500, maxWaitMs: 30_000 } }
          : {}),
      });
      caDescription = url;
    } else {
      sim = await startSimulator({
        stateFile: join(dataDir, SIM_STATE_FILE),
        progression: { polls: 0 },
        products: { personal: { name: products.personal }, team: { name: products.team } },
      });
      ca = new SwissSignClient({
        baseUrl: sim.url,
        userName: sim.account,
        apiKey: sim.apiKey,
        products,
        rateLimit: false,
        poll: { initialDelayMs: 20, maxDelayMs: 500, maxWaitMs: 30_000 },
      });
      caDescription = `SwissSign simulator (${join(dataDir, SIM_STATE_FILE)})`;
    }
  } catch (e) {
    await store.close();
    throw e;
  }
  const pool = new PgpKeyPool({ policy: { minRsaBits: config.pgp.allowWeakKeys ? 1024 : 2048 } });
  return {
    store,
    deps: { store, ca, pgp: pool },
    caDescription,
    close: async () => {
      await pool.close();
      await store.close();
      await sim?.close();
    },
  };
}

function isLoopback(url: string): boolean {
  return /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(url);
}

/** The local share root of a tenant (relative roots are inside the data directory). */
export function shareRoot(dataDir: string, config: TenantConfig): string {
  return isAbsolute(config.share.root) ? config.share.root : join(dataDir, config.share.root);
}

/**
 * Imports the key files waiting in the tenant's public and private key folders of the local share;
 * a file is removed only when it was imported.
 */
export async function importKeyFolders(
  io: CliIO,
  store: Store,
  dataDir: string,
  config: TenantConfig,
  now: Date,
): Promise<KeyImportResult[]> {
  if (config.share.kind !== 'local') return [];
  const root = shareRoot(dataDir, config);
  const files: (KeyFile & { path: string })[] = [];
  for (const [folder, dir] of [
    ['public', config.share.publicKeysDir],
    ['private', config.share.privateKeysDir],
  ] as const) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) {
      const path = join(abs, name);
      files.push({ name, folder, path, bytes: new Uint8Array(readFileSync(path)) });
    }
  }
  if (files.length === 0) return [];
  const ref = config.smime.defaultImportPassphrase;
  const defaultPassphrase = ref ? resolveSecretRef(ref, io.env, dataDir) : undefined;
  const results = await importKeys(store, config, files, {
    now,
    ...(defaultPassphrase ? { defaultPassphrase } : {}),
  });
  results.forEach((r, i) => {
    if (r.status === 'imported') rmSync(files[i]!.path);
  });
  return results;
}

/**
 * Delivers report mails into the outbox folder `<data>/outbox` (through the spool
 * `<data>/mail-spool`); returns lines for the terminal.
 */
export async function deliverMail(
  dataDir: string,
  config: TenantConfig,
  items: readonly MailItem[],
  options: { actionId?: string; fileOptions?: Record<string, string | undefined> } = {},
): Promise<string[]> {
  const { messages, warnings } = composeMessages({
    tenant: config.tenant.id,
    from: `usesync@${config.tenant.id.toLowerCase()}.usesync.invalid`,
    recipients: config.reports,
    items,
    ...(options.actionId === undefined ? {} : { actionId: options.actionId }),
    ...(options.fileOptions
      ? {
          fileOptions: Object.fromEntries(
            Object.entries(options.fileOptions).filter(([, v]) => v !== undefined),
          ) as FileMailOptions,
        }
      : {}),
  });
  const lines = warnings.map((w) => `mail: ${w}`);
  if (messages.length === 0) return lines;
  const outbox = join(dataDir, 'outbox');
  const spool = new MailSpool({ dir: join(dataDir, 'mail-spool'), transport: new OutboxTransport(outbox) });
  const sent = await spool.sendAll(messages);
  await spool.close();
  lines.push(`mail: ${sent.filter((s) => s.state === 'sent').length} message(s) written to ${outbox}`);
  return lines;
}

/** Writes a file under `<data>/reports/`, returns its path. */
export function writeReportFile(dataDir: string, name: string, content: string | Uint8Array): string {
  const dir = join(dataDir, 'reports');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

/** A file-name-safe timestamp, e.g. `2026-11-27T160000Z`. */
export function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** A progress bar on standard error when it is a terminal. */
export function progressBar(io: CliIO): ((p: { done: number; total: number }) => void) | undefined {
  if (!io.isTTY) return undefined;
  return ({ done, total }) => {
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    io.err(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`,
    );
  };
}
