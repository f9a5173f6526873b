import type { Diagnostic } from '@usesync/domain';
import { decodeUtf8, splitLines } from '@usesync/domain';

/** What checking one kind of file needs; loaded on first use (see {@link FileKind.load}). */
export interface KindChecker {
  /** Checks the file's bytes; never throws on bad input. */
  readonly check: (bytes: Uint8Array) => readonly Diagnostic[];
  /** Makes a source line safe to show (masks secrets). */
  readonly display: (line: string) => string;
}

/** A kind of input file that `usesync validate` understands, chosen by file-name suffix. */
export interface FileKind {
  /** The `kind` reported in JSON output, e.g. `useimport`. */
  readonly kind: string;
  /** File-name suffix including the dot, e.g. `.useimport`. */
  readonly suffix: string;
  /**
   * Loads the kind's parser. Lazy: validating `.useimport` files never loads the `.ruleimport`
   * grammar (building a chevrotain grammar costs start-up time), and the other way round.
   */
  readonly load: () => Promise<KindChecker>;
}

/** Every kind, one entry each. */
export const fileKinds: FileKind[] = [
  {
    kind: 'useimport',
    suffix: '.useimport',
    load: async () => {
      const { displayLine, parseUseImportBytes } = await import('@usesync/import-file');
      return { check: (bytes) => parseUseImportBytes(bytes).diagnostics, display: displayLine };
    },
  },
  {
    kind: 'ruleimport',
    suffix: '.ruleimport',
    load: async () => {
      const { checkRuleFileBytes, displayRuleLine } = await import('@usesync/rule-notation');
      return { check: (bytes) => checkRuleFileBytes(bytes).diagnostics, display: displayRuleLine };
    },
  },
];

/** The kind for a path, by suffix (case-insensitive); undefined when unknown. */
export function kindOf(path: string): FileKind | undefined {
  const lower = path.toLowerCase();
  return fileKinds.find((k) => lower.endsWith(k.suffix));
}

/** The lines of a file for showing source excerpts (decoded leniently). */
export function sourceLines(bytes: Uint8Array): string[] {
  return splitLines(decodeUtf8(bytes).text);
}
