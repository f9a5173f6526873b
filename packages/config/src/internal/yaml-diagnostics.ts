import { type Diagnostic, diagnostic, didYouMean } from '@usesync/domain';
import { isMap, isNode, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';

/**
 * Diagnostic codes of the configuration files (tenant configuration and provider settings):
 * - `CFG001` the YAML itself is malformed;
 * - `CFG002` a value has the wrong type or is out of range;
 * - `CFG003` an unknown key (the message ends with a did-you-mean hint when a key is close);
 * - `CFG004` a required key is missing;
 * - `CFG005` a value is refused by policy (weak keys, unpinned SFTP host key, plain http to a
 *   remote CA, …);
 * - `CFG006` a secret written into the file instead of a reference to it;
 * - `CFG010` (warning) neither PGP nor S/MIME is enabled.
 */
export type ConfigDiagnosticCode = 'CFG001' | 'CFG002' | 'CFG003' | 'CFG004' | 'CFG005' | 'CFG006' | 'CFG010';

/** A key path as zod reports it. */
export type KeyPath = readonly PropertyKey[];

/** A 1-based position with the length of the offending text. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

/** Formats a key path as `smime.products.team` / `reports.admin[1]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Custom zod issue params carrying our diagnostic code through zod. */
export const params = (code: ConfigDiagnosticCode) => ({ code });

/** A parsed YAML document: its plain value and a way to find the position of a key path. */
export interface YamlSource {
  readonly raw: unknown;
  /** Position of the value (or, with `keyOnly`, the key) at `path`, else of its nearest ancestor. */
  locate(path: KeyPath, keyOnly?: boolean): Position;
}

/** Reads YAML text; malformed YAML gives `CFG001` diagnostics and no source. */
export function readYaml(
  yamlText: string,
):
  | { readonly source: YamlSource; readonly diagnostics: readonly [] }
  | { readonly diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(Math.max(0, offset));
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.map((e) => {
        const pos = at(e.pos[0]);
        return diagnostic('error', 'CFG001', `Malformed YAML: ${firstLine(e.message)}`, pos.line, pos.col);
      }),
    };
  }
  const root = doc.contents;
  let raw: unknown;
  try {
    // Throws on an alias without its anchor and on alias bombs (more than 100 expansions).
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    const pos = at(root?.range?.[0] ?? 0);
    const why = e instanceof Error ? firstLine(e.message) : 'cannot be read';
    return { diagnostics: [diagnostic('error', 'CFG001', `Malformed YAML: ${why}`, pos.line, pos.col)] };
  }
  return {
    source: { raw, locate: (path, keyOnly = false) => locate(root, path, at, keyOnly) },
    diagnostics: [],
  };
}

/** A source without positions (a value built in code): every diagnostic is at 1:1. */
export function plainSource(raw: unknown): YamlSource {
  return { raw: raw ?? {}, locate: () => ({ line: 1, column: 1, length: 1 }) };
}

/**
 * Turns zod issues into diagnostics whose messages start with the key path. Unknown keys and
 * misspelt enum values carry the did-you-mean suggestion both in the message (so that every
 * place printing only messages shows it) and in `hint`.
 */
export function issuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  source: YamlSource,
  schema: unknown,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) out.push(...toDiagnostics(issue, source, schema));
  return dedupe(out);
}

function withHint(message: string, hint: string | undefined): string {
  return hint === undefined ? message : `${message}; ${hint}`;
}

function toDiagnostics(issue: z.core.$ZodIssue, source: YamlSource, schema: unknown): Diagnostic[] {
  const path = issue.path;
  const name = formatKeyPath(path);
  const value = valueAt(source.raw, path);
  const pos = source.locate(path);
  const d = (code: ConfigDiagnosticCode, message: string, p = pos, hint?: string) =>
    diagnostic('error', code, withHint(message, hint), p.line, p.column, {
      length: p.length,
      ...(hint ? { hint } : {}),
    });

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schema, path);
      return issue.keys.map((key) =>
        d(
          'CFG003',
          `${formatKeyPath([...path, key])}: unknown key`,
          source.locate([...path, key], true),
          didYouMean(key, known),
        ),
      );
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

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(raw: unknown, path: KeyPath): unknown {
  let cur = raw;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function locate(
  root: Node | null,
  path: KeyPath,
  at: (offset: number) => { line: number; col: number },
  keyOnly: boolean,
): Position {
  let node: unknown = root;
  let best: Position = { line: 1, column: 1, length: 1 };
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

/** Keys allowed in the mapping at `path` of `schema`, for did-you-mean hints. */
function knownKeys(schema: unknown, path: KeyPath): string[] {
  let cur = schema;
  for (const seg of [...path, null]) {
    // Unwrap default/prefault/optional/pipe wrappers until an object shape appears.
    for (let i = 0; i < 6; i++) {
      const def = (cur as { _zod?: { def?: { innerType?: unknown; in?: unknown; shape?: unknown } } })._zod
        ?.def;
      if (def?.shape !== undefined) break;
      const inner = def?.innerType ?? def?.in;
      if (inner === undefined) break;
      cur = inner;
    }
    const shape = (cur as { _zod?: { def?: { shape?: Record<string, unknown> } } })._zod?.def?.shape;
    if (shape === undefined) return [];
    if (seg === null) return Object.keys(shape);
    cur = shape[String(seg)];
  }
  return [];
}

/**
 * Renders configuration diagnostics one a line, `  <file>:<line>:<column>: <message>` (errors
 * first, then warnings as `warning: …`), for an exception or a terminal. `file` undefined: no
 * position (a value built in code).
 */
export function formatConfigDiagnostics(diagnostics: readonly Diagnostic[], file?: string): string[] {
  const ordered = [
    ...diagnostics.filter((d) => d.severity === 'error'),
    ...diagnostics.filter((d) => d.severity !== 'error'),
  ];
  return ordered.map(
    (d) =>
      `  ${file === undefined ? '' : `${file}:${d.line}:${d.column}: `}${d.severity === 'error' ? '' : 'warning: '}${d.message}`,
  );
}
