import { basename } from 'node:path';
import { type Diagnostic, hasErrors } from '@usesync/domain';
import { displayLine, parseUseImportBytes, type UseImportFile } from '@usesync/import-file';
import { displayRuleLine, parseRuleFileBytes, type RuleSet } from '@usesync/rule-notation';

/** One uploaded file as bytes. */
export interface InputFile {
  /** File name (or path) as uploaded; the kind is chosen by suffix. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A checked input file. */
export interface CheckedFile<T> {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
  /** Masks secrets in a raw line of this file (for error reports). */
  readonly display: (line: string) => string;
}

/** The files of one sync: at most one `.useimport` and one `.ruleimport`. */
export interface SyncInputs {
  readonly useImport?: CheckedFile<UseImportFile>;
  readonly ruleImport?: CheckedFile<RuleSet>;
  /** True when no file has an error: only then may the sync be planned and applied. */
  readonly ok: boolean;
}

/** The kind of an input file by suffix, or undefined. */
export function inputKind(name: string): 'useimport' | 'ruleimport' | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.useimport')) return 'useimport';
  if (lower.endsWith('.ruleimport')) return 'ruleimport';
  return undefined;
}

/**
 * Parses and checks the files of one sync (manual step 2). Throws `INPUT_INVALID` for an unknown
 * suffix or two files of one kind; bad content is diagnostics, never an exception.
 */
export function checkInputs(files: readonly InputFile[]): SyncInputs {
  let useImport: CheckedFile<UseImportFile> | undefined;
  let ruleImport: CheckedFile<RuleSet> | undefined;
  for (const f of files) {
    const kind = inputKind(f.name);
    const name = basename(f.name);
    if (kind === 'useimport') {
      if (useImport) throw inputError(`two .useimport files (${useImport.name}, ${name})`);
      const r = parseUseImportBytes(f.bytes);
      useImport = { name, bytes: f.bytes, value: r.value, diagnostics: r.diagnostics, display: displayLine };
    } else if (kind === 'ruleimport') {
      if (ruleImport) throw inputError(`two .ruleimport files (${ruleImport.name}, ${name})`);
      const r = parseRuleFileBytes(f.bytes);
      ruleImport = {
        name,
        bytes: f.bytes,
        value: r.value,
        diagnostics: r.diagnostics,
        display: displayRuleLine,
      };
    } else {
      throw inputError(`${name} is neither a .useimport nor a .ruleimport file`);
    }
  }
  const ok = ![useImport, ruleImport].some((f) => f !== undefined && hasErrors(f.diagnostics));
  return { ...(useImport ? { useImport } : {}), ...(ruleImport ? { ruleImport } : {}), ok };
}

function inputError(reason: string): Error {
  return Object.assign(new Error(`Cannot take the input files: ${reason}`), { code: 'INPUT_INVALID' });
}
