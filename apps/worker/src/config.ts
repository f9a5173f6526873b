import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { formatKeyPath, type SecretRef } from '@usesync/config';
import { UsesyncError } from '@usesync/domain';
import { STORE_ENV } from '@usesync/store';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Environment variable naming the worker configuration file. */
export const WORKER_CONFIG_ENV = 'USESYNC_WORKER_CONFIG';

const secretRef = z.union(
  [
    z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }),
    z.strictObject({ file: z.string().min(1) }),
  ],
  {
    error: 'expected { env: NAME } or { file: path }',
  },
);
const port = z.number({ error: 'expected a port number' }).int().min(0).max(65535);
const positive = (what: string) =>
  z
    .number({ error: `expected ${what}` })
    .int()
    .positive({ error: `expected ${what}` });

/** The zod schema of the worker configuration (YAML). */
export const workerConfigSchema = z.strictObject({
  /** The data directory (store, tenant configurations, outbox); relative to the config file. */
  dataDir: z.string({ error: 'expected the data directory' }).min(1),
  /**
   * The store: a data directory, `sqlite:<path>` or `postgres://…?schema=name` (see
   * `@usesync/store`). Default: `USESYNC_STORE`, else the SQLite file of `dataDir`. A relative
   * path is relative to this file.
   */
  store: z
    .string({ error: 'expected a store location (a path, sqlite:… or postgres://…)' })
    .min(1)
    .optional(),
  /**
   * Coordination of several replicas sharing one store. `shared` (default: true for PostgreSQL,
   * false for SQLite) takes tenant leases, file claims and WatchDog ticks from the store's
   * database instead of this process's memory.
   */
  coordination: z
    .strictObject({
      shared: z.boolean().optional(),
      /** Name of this replica in leases, claims and logs (default `<hostname>:<pid>`). */
      replicaId: z.string().min(1).max(200).optional(),
      /** A dead replica's tenants and files are taken over this long after its last renewal. */
      leaseTtlSeconds: z.number({ error: 'expected seconds' }).min(0.3).max(3600).default(30),
    })
    .prefault({}),
  /** Tenant ids served; default: every tenant configured in `<dataDir>/tenants`. */
  tenants: z
    .array(z.string().regex(/^[A-Za-z0-9]+$/, { error: 'expected a tenant id (letters and digits)' }))
    .optional(),
  pollIntervalSeconds: z.number({ error: 'expected seconds' }).positive().default(30),
  maxParallelTenants: positive('a positive number').default(4),
  /** How long a running sync may take to finish after SIGTERM before it is interrupted. */
  shutdownGraceSeconds: z.number({ error: 'expected seconds' }).nonnegative().default(25),
  /** Files in the share's return folder older than this are deleted. */
  returnRetentionDays: positive('a number of days').default(30),
  http: z
    .strictObject({
      host: z
        .enum(['127.0.0.1', '::1', 'localhost'], { error: 'expected a loopback address (127.0.0.1)' })
        .default('127.0.0.1'),
      port: port.default(9464),
    })
    .prefault({}),
  mail: z.strictObject({ from: z.string().min(3).default('usesync@localhost') }).prefault({}),
  /** SMTP delivery; absent: `.eml` files in `<dataDir>/outbox`. */
  smtp: z
    .strictObject({
      host: z.string({ error: 'expected the SMTP host name' }).min(1),
      port: port.optional(),
      secure: z.boolean().default(false),
      requireTLS: z.boolean().default(true),
      user: z.string().optional(),
      password: secretRef.optional(),
    })
    .optional(),
  /** The SwissSign RA API; absent: the built-in simulator on 127.0.0.1 (state in the data dir). */
  swisssign: z
    .strictObject({
      baseUrl: z.url({ error: 'expected the RA API base URL' }),
      userName: z.string().min(1),
      apiKey: secretRef,
    })
    .optional(),
  /** Knobs of the built-in simulator (demo and tests). */
  simulator: z
    .strictObject({
      orderPolls: z.number().int().nonnegative().default(0),
      orderMs: z.number().int().positive().optional(),
    })
    .prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** A validated worker configuration; `dataDir` is absolute. */
export type WorkerConfig = z.output<typeof workerConfigSchema> & { readonly configDir: string };
export type { SecretRef };

/**
 * Validates a parsed worker configuration. Throws `WORKER_CONFIG_INVALID` listing every problem
 * with its key path (`http.port: expected a port number`).
 */
export function parseWorkerConfig(
  value: unknown,
  configDir: string,
  source = 'the worker configuration',
): WorkerConfig {
  const r = workerConfigSchema.safeParse(value ?? {});
  if (!r.success) {
    const lines = r.error.issues.map(
      (i) => `  ${formatKeyPath(i.path as (string | number)[]) || '(top level)'}: ${i.message}`,
    );
    throw new UsesyncError('WORKER_CONFIG_INVALID', `Cannot use ${source}:\n${lines.join('\n')}`);
  }
  const dataDir = isAbsolute(r.data.dataDir) ? r.data.dataDir : resolve(configDir, r.data.dataDir);
  const store = r.data.store;
  // A bare relative path is a data directory next to this file; URLs and `sqlite:` stay as given.
  const storePath = store !== undefined && !hasScheme(store) && !isAbsolute(store);
  return { ...r.data, dataDir, configDir, ...(storePath ? { store: resolve(configDir, store) } : {}) };
}

const hasScheme = (location: string) => /^[a-z][a-z0-9+.-]+:/i.test(location);

/**
 * Where the worker's store is: the configured `store`, else `USESYNC_STORE` from `env`, else the
 * data directory (SQLite). `explicit` is false for the data-directory default.
 */
export function storeLocationOf(
  wc: WorkerConfig,
  env: Readonly<Record<string, string | undefined>>,
): { readonly location: string; readonly explicit: boolean } {
  const given = wc.store ?? env[STORE_ENV]?.trim();
  return given ? { location: given, explicit: true } : { location: wc.dataDir, explicit: false };
}

/** Reads and validates a worker configuration file (YAML). */
export function loadWorkerConfig(path: string): WorkerConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsesyncError(
      'WORKER_CONFIG_INVALID',
      `Cannot read the worker configuration ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`,
      { cause: e },
    );
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new UsesyncError('WORKER_CONFIG_INVALID', `Cannot parse ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return parseWorkerConfig(value, dirname(resolve(path)), path);
}
