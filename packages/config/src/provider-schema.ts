import { z } from 'zod';
import { params } from './internal/yaml-diagnostics.js';
import { TENANT_ID_PATTERN } from './schema.js';
import { insecureUrlProblem, isLoopbackHost } from './url-safety.js';

const secretRef = z.union(
  [
    z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }),
    z.strictObject({ file: z.string().min(1) }),
  ],
  { error: 'expected { env: NAME } or { file: path }' },
);
const port = z.number({ error: 'expected a port number' }).int().min(0).max(65535);
const positive = (what: string) =>
  z
    .number({ error: `expected ${what}` })
    .int()
    .positive({ error: `expected ${what}` });
const hostName = z
  .string({ error: 'expected a host name' })
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._:-]+$/, { error: 'expected a host name (letters, digits, dots, hyphens)' });

/**
 * TLS towards the SMTP server. Certificates are always verified (there is deliberately no switch
 * to turn verification off); `ca` adds a private CA to trust, `servername` names the host the
 * certificate must be issued to when it differs from `smtp.host` (e.g. connecting by address).
 */
const smtpTls = z.strictObject({
  /** A PEM file of CA certificates to trust for the SMTP server (relative to the settings file). */
  ca: z.string({ error: 'expected the path of a PEM file of CA certificates' }).min(1).optional(),
  /** Host name checked against the server's certificate (SNI too); default: `smtp.host`. */
  servername: hostName.optional(),
});

/**
 * The zod schema of the provider-level settings file (`worker.yaml`), read by the worker and by
 * `usesync apply --config`. Input: parsed YAML; paths are not yet resolved (see
 * `parseProviderSettings`).
 */
export const providerSettingsSchema = z.strictObject({
  /** The data directory (store, tenant configurations, outbox); relative to the settings file. */
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
    .array(z.string().regex(TENANT_ID_PATTERN, { error: 'expected a tenant id (letters and digits)' }))
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
      tls: smtpTls.optional(),
    })
    .superRefine((smtp, ctx) => {
      // A password over a connection that may stay in clear crosses the network readable.
      if (smtp.password !== undefined && !smtp.secure && !smtp.requireTLS && !isLoopbackHost(smtp.host)) {
        ctx.addIssue({
          code: 'custom',
          path: ['requireTLS'],
          message: `refused: the SMTP password would be sent to ${smtp.host} without TLS; set requireTLS: true (STARTTLS) or secure: true`,
          params: params('CFG005'),
        });
      }
    })
    .optional(),
  /** The SwissSign RA API; absent: the built-in simulator on 127.0.0.1 (state in the data dir). */
  swisssign: z
    .strictObject({
      baseUrl: z.url({ error: 'expected the RA API base URL' }).superRefine((url, ctx) => {
        const problem = insecureUrlProblem(url);
        if (problem !== undefined)
          ctx.addIssue({ code: 'custom', message: problem, params: params('CFG005') });
      }),
      userName: z.string().min(1),
      apiKey: secretRef,
    })
    .optional(),
  /**
   * When `/readyz` reports the worker degraded; absent keys take the worker's defaults (mail
   * pending over 900 s, 3 failed polls of a tenant in a row).
   */
  readiness: z
    .strictObject({
      maxMailPendingSeconds: z
        .number({ error: 'expected seconds' })
        .positive({ error: 'expected seconds' })
        .optional(),
      maxFailedPolls: positive('a positive number of polls').optional(),
    })
    .optional(),
  /**
   * How the mail spool is retried while the worker runs; absent keys take the worker's defaults
   * (30 s after a failed round, doubled up to 900 s; looked at every 60 s otherwise).
   */
  mailRetry: z
    .strictObject({
      initialDelaySeconds: z
        .number({ error: 'expected seconds' })
        .positive({ error: 'expected seconds' })
        .optional(),
      maxDelaySeconds: z
        .number({ error: 'expected seconds' })
        .positive({ error: 'expected seconds' })
        .optional(),
      intervalSeconds: z
        .number({ error: 'expected seconds' })
        .positive({ error: 'expected seconds' })
        .optional(),
    })
    .optional(),
  /**
   * The key pool the worker keeps filled while idle (issue 16): `target` keys of every kind a
   * tenant draws from (0 = off, the default), made on `threads` low-priority threads (default 1).
   */
  keyPool: z
    .strictObject({
      target: z.number({ error: 'expected a number of keys' }).int().nonnegative().default(0),
      threads: positive('a positive number of threads').default(1),
    })
    .prefault({}),
  /** Knobs of the built-in simulator (demo and tests). */
  simulator: z
    .strictObject({
      orderPolls: z.number().int().nonnegative().default(0),
      orderMs: z.number().int().positive().optional(),
    })
    .prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
