/**
 * The end-of-file line of a `.useimport` (manual: "Default file termination line"), as written.
 * A file that never reaches it is an incomplete upload. The printer writes exactly this.
 */
export const TERMINATOR = '#####';

const TERMINATOR_LINE = /^#{5,}$/;

/**
 * True when `line` (one line, without its line break) is the end-of-file terminator: five or more
 * `#` alone on the line, whitespace around them allowed (`#####`, ` ###### `). The one
 * definition used by the grammar and by the worker's upload intake, so a file the grammar
 * accepts as complete is never held back as "still being written".
 */
export function isTerminatorLine(line: string): boolean {
  const t = line.trim();
  return t.charCodeAt(0) === 35 && TERMINATOR_LINE.test(t);
}
