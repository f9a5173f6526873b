import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  formatConfigDiagnostics,
  type ProviderSettings,
  parseProviderSettings,
  type SmtpSettings,
  validateProviderSettings,
} from '@usesync/config';
import { type Diagnostic, UsesyncError } from '@usesync/domain';
import { SmtpTransport } from '@usesync/mailer';
import { resolveSecretRef } from './secrets.js';

/** Validated provider settings (`worker.yaml`); `configDir` is the settings file's folder. */
export type LoadedSettings = ProviderSettings & { readonly configDir: string };

/** Error code of {@link loadProviderSettings} and {@link checkProviderSettings} (default `CONFIG_INVALID`). */
export interface SettingsErrorOptions {
  /** The error code thrown (the worker says `WORKER_CONFIG_INVALID`). */
  readonly code?: string;
  /** How the settings are named in messages (default the file). */
  readonly source?: string;
}

/**
 * Validates provider settings built in code (or parsed YAML as a value); throws with every
 * problem and its key path.
 */
export function checkProviderSettings(
  value: unknown,
  configDir: string,
  options: SettingsErrorOptions = {},
): LoadedSettings {
  const r = validateProviderSettings(value ?? {}, { baseDir: configDir });
  return orThrow(r.value, r.diagnostics, options.source ?? 'the provider settings', undefined, options.code);
}

/**
 * Reads and validates the provider-level settings file (`worker.yaml`), the one file the worker
 * and `usesync apply --config` both read: each problem at its line and column, then the files it
 * names that must be there (`smtp.tls.ca`: a readable PEM file). Throws `CONFIG_INVALID` (or
 * `options.code`).
 */
export function loadProviderSettings(path: string, options: SettingsErrorOptions = {}): LoadedSettings {
  const code = options.code ?? 'CONFIG_INVALID';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsesyncError(
      code,
      `Cannot read the settings ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`,
      {
        cause: e,
      },
    );
  }
  const r = parseProviderSettings(text, { baseDir: dirname(resolve(path)) });
  const settings = orThrow(r.value, r.diagnostics, options.source ?? path, path, code);
  if (settings.smtp?.tls?.ca !== undefined) readSmtpCa(settings.smtp.tls.ca, path, code);
  return settings;
}

function orThrow(
  value: ProviderSettings | undefined,
  diagnostics: readonly Diagnostic[],
  source: string,
  file: string | undefined,
  code = 'CONFIG_INVALID',
): LoadedSettings {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (value === undefined || errors.length > 0) {
    const lines = formatConfigDiagnostics(errors, file);
    throw new UsesyncError(code, `Cannot use ${source}:\n${lines.join('\n')}`);
  }
  return { ...value, configDir: value.baseDir };
}

/**
 * Reads the SMTP CA file named by `smtp.tls.ca` (an absolute path): its PEM text. Throws when it
 * is missing, not a regular file or holds no PEM certificate — a trust problem is a configuration
 * error found at start, not a mail failure.
 */
export function readSmtpCa(
  caPath: string,
  source = 'the provider settings',
  code = 'CONFIG_INVALID',
): string {
  const fail = (why: string, cause?: unknown): never => {
    throw new UsesyncError(code, `Cannot use ${source}: smtp.tls.ca ${caPath}: ${why}`, {
      ...(cause === undefined ? {} : { cause }),
    });
  };
  let pem = '';
  try {
    if (!statSync(caPath).isFile()) fail('not a regular file');
    pem = readFileSync(caPath, 'utf8');
  } catch (e) {
    if (e instanceof UsesyncError) throw e;
    fail(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`, e);
  }
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem)) {
    fail('expected PEM certificates (-----BEGIN CERTIFICATE-----)');
  }
  return pem;
}

/**
 * The SMTP transport of the settings' `smtp` section, the same for the worker and the CLI: host,
 * port, implicit TLS or STARTTLS, the password from its secret reference (resolved against
 * `configDir`), the trusted CA file and the server name. Verification is always on.
 */
export function smtpTransportOf(
  smtp: SmtpSettings,
  env: Readonly<Record<string, string | undefined>>,
  configDir: string,
): SmtpTransport {
  const tls = smtp.tls;
  return new SmtpTransport({
    host: smtp.host,
    ...(smtp.port === undefined ? {} : { port: smtp.port }),
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    ...(smtp.user && smtp.password
      ? { auth: { user: smtp.user, pass: resolveSecretRef(smtp.password, env, configDir) } }
      : {}),
    ...(tls
      ? {
          tls: {
            ...(tls.ca === undefined ? {} : { ca: readSmtpCa(tls.ca) }),
            ...(tls.servername === undefined ? {} : { servername: tls.servername }),
          },
        }
      : {}),
  });
}
