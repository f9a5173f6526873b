// @usesync/import-file: the `.useimport` grammar. Pure: text in, typed AST + diagnostics out.
export type {
  GroupEntry,
  OptionEntry,
  OptionName,
  OptionValue,
  PassphraseEntry,
  PgpStateEntry,
  SmimeStateEntry,
  UseImportEntry,
  UseImportFile,
} from './ast.js';
export { IDENTIFIERS, OPTION_NAMES } from './ast-builder.js';
export { Codes, Limits, type UseImportCode } from './diagnostics.js';
export { parseUseImport, parseUseImportBytes } from './parse.js';
export { displayLine, type PrintOptions, printEntry, printUseImport } from './printer.js';
export { pickLines } from './source-lines.js';
export { parseUseImportStream, type StreamOptions, type UseImportEvent } from './stream.js';
export { isTerminatorLine, TERMINATOR } from './terminator.js';
