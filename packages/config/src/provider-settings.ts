import { isAbsolute, resolve } from 'node:path';
import type { Diagnostic, Parsed } from '@usesync/domain';
import type { z } from 'zod';
import { issuesToDiagnostics, plainSource, readYaml, type YamlSource } from './internal/yaml-diagnostics.js';
import { providerSettingsSchema } from './provider-schema.js';

/**
 * The validated provider-level settings (`worker.yaml`) with every default filled in and every
 * path absolute: `dataDir`, a path-like `store` and `smtp.tls.ca` are resolved against `baseDir`
 * (the settings file's directory). Secret references stay references: the app resolves them.
 */
export type ProviderSettings = z.output<typeof providerSettingsSchema> & {
  /** The directory the relative paths were resolved against (the settings file's directory). */
  readonly baseDir: string;
};

/** SMTP delivery settings (`smtp`), when configured. */
export type SmtpSettings = NonNullable<ProviderSettings['smtp']>;

/**
 * TLS towards the SMTP server: `ca` is an absolute path of a PEM file of the CA certificates to
 * trust (when given, only these CAs are trusted), `servername` the name the certificate must carry
 * (default: the SMTP host). Verification is always on.
 */
export type SmtpTlsSettings = NonNullable<SmtpSettings['tls']>;

/** Options of {@link parseProviderSettings}. */
export interface ProviderSettingsOptions {
  /** The settings file's directory: relative paths in the file are relative to it. */
  readonly baseDir: string;
}

/**
 * Reads the provider-level settings file (`worker.yaml`) from YAML text. Pure: no file access;
 * the caller reads the file and, later, the files it names (secret references, `smtp.tls.ca`).
 * Every problem is a diagnostic in one pass (`CFG001`…`CFG006`, see the README) whose message
 * starts with the key path; `value` is undefined when any error was found.
 */
export function parseProviderSettings(
  yamlText: string,
  options: ProviderSettingsOptions,
): Parsed<ProviderSettings | undefined> {
  const read = readYaml(yamlText);
  if (!('source' in read)) return { value: undefined, diagnostics: read.diagnostics };
  return check(read.source, options);
}

/**
 * Validates provider settings given as a value (already parsed YAML or built in code), exactly as
 * {@link parseProviderSettings} does; diagnostics have no real position (line 1, column 1).
 */
export function validateProviderSettings(
  value: unknown,
  options: ProviderSettingsOptions,
): Parsed<ProviderSettings | undefined> {
  return check(plainSource(value), options);
}

function check(source: YamlSource, options: ProviderSettingsOptions): Parsed<ProviderSettings | undefined> {
  const r = providerSettingsSchema.safeParse(source.raw);
  if (!r.success) {
    const diagnostics: Diagnostic[] = issuesToDiagnostics(r.error.issues, source, providerSettingsSchema);
    return { value: undefined, diagnostics };
  }
  const baseDir = resolve(options.baseDir);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const s = r.data;
  const store = s.store;
  // A bare relative path is a data directory next to this file; URLs and `sqlite:` stay as given.
  const storePath = store !== undefined && !hasScheme(store) && !isAbsolute(store);
  const tls = s.smtp?.tls;
  const value: ProviderSettings = {
    ...s,
    dataDir: abs(s.dataDir),
    ...(storePath ? { store: abs(store) } : {}),
    ...(s.smtp && tls?.ca !== undefined ? { smtp: { ...s.smtp, tls: { ...tls, ca: abs(tls.ca) } } } : {}),
    baseDir,
  };
  return { value, diagnostics: [] };
}

const hasScheme = (location: string) => /^[a-z][a-z0-9+.-]+:/i.test(location);
