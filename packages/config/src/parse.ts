import { type Diagnostic, diagnostic, type Parsed } from '@usesync/domain';
import { issuesToDiagnostics, readYaml } from './internal/yaml-diagnostics.js';
import { type TenantConfig, tenantConfigSchema } from './schema.js';

export type { ConfigDiagnosticCode } from './internal/yaml-diagnostics.js';
export { formatConfigDiagnostics, formatKeyPath } from './internal/yaml-diagnostics.js';

/**
 * Reads a tenant configuration from YAML text. Pure: no file access. Every problem is reported in
 * one pass as a diagnostic whose message starts with the key path, e.g.
 * `smime.maxLiveCertificates: expected a positive integer`; a misspelt key or value ends with the
 * suggestion (`smime.mdoe: unknown key; did you mean \`mode\`?`). `value` is undefined when any
 * error was found; otherwise it is the configuration with every default filled in.
 */
export function parseTenantConfig(yamlText: string): Parsed<TenantConfig | undefined> {
  const read = readYaml(yamlText);
  if (!('source' in read)) return { value: undefined, diagnostics: read.diagnostics };
  const { source } = read;
  const result = tenantConfigSchema.safeParse(source.raw);
  if (!result.success) {
    return {
      value: undefined,
      diagnostics: issuesToDiagnostics(result.error.issues, source, tenantConfigSchema),
    };
  }
  const diagnostics: Diagnostic[] = [];
  if (!result.data.features.pgp && !result.data.features.smime) {
    const pos = source.locate(['features']);
    diagnostics.push(
      diagnostic(
        'warning',
        'CFG010',
        'features: neither pgp nor smime is enabled; only groups and rules will sync',
        pos.line,
        pos.column,
      ),
    );
  }
  return { value: result.data, diagnostics };
}
