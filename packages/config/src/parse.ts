import { type Diagnostic, diagnostic, didYouMean, type Parsed } from '@usesync/domain';
import { isMap, isNode, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type TenantConfig, tenantConfigSchema } from './schema.js';

/**
 * Diagnostic codes of the tenant configuration:
 * - `CFG001` the YAML itself is malformed;
 * - `CFG002` a value has the wrong type or is out of range;
 * - `CFG003` an unknown key (with a did-you-mean hint);
 * - `CFG004` a required key is missing;
 * - `CFG005` a value is refused by policy (weak keys, unpinned SFTP host key, …);
 * - `CFG006` a secret written into the file instead of a reference to it;
 * - `CFG010` (warning) neither PGP nor S/MIME is enabled.
 */
export type ConfigDiagnosticCode = 'CFG001' | 'CFG002' | 'CFG003' | 'CFG004' | 'CFG005' | 'CFG006' | 'CFG010';

type Path = readonly PropertyKey[];

/** Formats a key path as `smime.products.team` / `reports.admin[1]`. */
export function formatKeyPath(path: Path): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Reads a tenant configuration from YAML text. Pure: no file access. Every problem is reported in
 * one pass as a diagnostic whose message starts with the key path, e.g.
 * `smime.maxLiveCertificates: expected a positive integer`. `value` is undefined when any error
 * was found; otherwise it is the configuration with every default filled in.
 */
export function parseTenantConfig(yamlText: string): Parsed<TenantConfig | undefined> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number) => lineCounter.linePos(Math.max(0, offset));

  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = at(e.pos[0]);
      diagnostics.push(
        diagnostic('error', 'CFG001', `Malformed YAML: ${firstLine(e.message)}`, pos.line, pos.col),
      );
    }
    return { value: undefined, diagnostics };
  }

  const raw: unknown = doc.toJS() ?? {};
  const result = tenantConfigSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) diagnostics.push(...toDiagnostics(issue, raw, doc.contents, at));
    return { value: undefined, diagnostics: dedupe(diagnostics) };
  }
  if (!result.data.features.pgp && !result.data.features.smime) {
    const pos = locate(doc.contents, ['features'], at);
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

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function toDiagnostics(
  issue: z.core.$ZodIssue,
  raw: unknown,
  root: Node | null,
  at: (offset: number) => { line: number; col: number },
): Diagnostic[] {
  const path = issue.path;
  const name = formatKeyPath(path);
  const value = valueAt(raw, path);
  const pos = locate(root, path, at);
  const d = (code: ConfigDiagnosticCode, message: string, p = pos, hint?: string) =>
    diagnostic('error', code, message, p.line, p.column, { length: p.length, ...(hint ? { hint } : {}) });

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(path);
      return issue.keys.map((key) => {
        const keyPos = locate(root, [...path, key], at, true);
        const hint = didYouMean(key, known);
        return d('CFG003', `${formatKeyPath([...path, key])}: unknown key`, keyPos, hint);
      });
    }
    case 'invalid_type':
      if (value === undefined) return [d('CFG004', `${name}: is required`)];
      return [
        d(
          'CFG002',
          `${name}: ${issue.message.startsWith('Invalid input') ? `expected ${issue.expected}, got ${describe(value)}` : issue.message}`,
        ),
      ];
    case 'invalid_value': {
      if (!issue.message.startsWith('Invalid option')) return [d('CFG002', `${name}: ${issue.message}`)];
      const options = issue.values.map(String);
      const hint = typeof value === 'string' ? didYouMean(value, options) : undefined;
      return [
        d(
          'CFG002',
          `${name}: expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}`,
          pos,
          hint,
        ),
      ];
    }
    case 'custom': {
      const code = (issue.params as { code?: ConfigDiagnosticCode } | undefined)?.code ?? 'CFG002';
      return [d(code, `${name}: ${issue.message}`)];
    }
    default:
      return [d('CFG002', `${name}: ${issue.message}`)];
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(raw: unknown, path: Path): unknown {
  let cur = raw;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** The position of the node at `path` (or of its key), else of the nearest existing ancestor. */
function locate(
  root: Node | null,
  path: Path,
  at: (offset: number) => { line: number; col: number },
  keyOnly = false,
): { line: number; column: number; length: number } {
  let node: unknown = root;
  let best: { line: number; column: number; length: number } = { line: 1, column: 1, length: 1 };
  const mark = (n: unknown) => {
    if (isNode(n) && n.range) {
      const p = at(n.range[0]);
      const len = isScalar(n) ? Math.max(1, n.range[1] - n.range[0]) : 1;
      best = { line: p.line, column: p.col, length: len };
    }
  };
  mark(node);
  for (const [i, seg] of path.entries()) {
    if (!isNode(node) || !('items' in node)) break;
    const items = (node as { items: unknown[] }).items;
    let next: unknown;
    if (isMap(node)) {
      const pair = items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === seg);
      if (!isPair(pair)) break;
      if (keyOnly && i === path.length - 1) {
        mark(pair.key);
        break;
      }
      next = pair.value ?? pair.key;
    } else {
      next = typeof seg === 'number' ? items[seg] : undefined;
    }
    if (next === undefined) break;
    mark(next);
    node = next;
  }
  return best;
}

/** Keys allowed in the mapping at `path`, for did-you-mean hints. */
function knownKeys(path: Path): string[] {
  let schema: unknown = tenantConfigSchema;
  for (const seg of [...path, null]) {
    // Unwrap default/prefault/optional/pipe wrappers until an object shape appears.
    for (let i = 0; i < 6; i++) {
      const def = (schema as { _zod?: { def?: { innerType?: unknown; in?: unknown; shape?: unknown } } })._zod
        ?.def;
      if (def?.shape !== undefined) break;
      const inner = def?.innerType ?? def?.in;
      if (inner === undefined) break;
      schema = inner;
    }
    const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } })._zod?.def?.shape;
    if (shape === undefined) return [];
    if (seg === null) return Object.keys(shape);
    schema = shape[String(seg)];
  }
  return [];
}
