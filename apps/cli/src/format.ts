import type { Diagnostic } from '@usesync/domain';

/**
 * Compiler-style rendering of one diagnostic:
 * `path:line:col: error CODE: message`, then the source line and a caret, then the hint.
 */
export function formatDiagnostic(path: string, d: Diagnostic, sourceLine: string | undefined): string {
  const head = `${path}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
  const lines = [head];
  if (sourceLine !== undefined) {
    const visible = sourceLine.replace(/\t/g, ' ');
    const pad = ' '.repeat(Math.max(0, Math.min(d.column - 1, visible.length)));
    const width = Math.max(1, Math.min(d.length, Math.max(1, visible.length - (d.column - 1))));
    lines.push(`  ${visible}`, `  ${pad}${'^'.repeat(width)}`);
  }
  if (d.hint !== undefined) lines.push(`  hint: ${d.hint}`);
  return `${lines.join('\n')}\n`;
}

/** `1 error` / `2 errors`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
