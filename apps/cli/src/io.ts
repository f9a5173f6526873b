import { readFile } from 'node:fs/promises';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  /** Writes to standard output (text as given; add newlines yourself). */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Reads a whole file. */
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory. */
  readonly cwd: string;
  /** True when stdout is a terminal (colours, progress bars). */
  readonly isTTY: boolean;
}

/** The real process's IO. */
export function processIO(): CliIO {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readFile: async (p) => new Uint8Array(await readFile(p)),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
  };
}

/** Exit codes of every command (documented in the CLI README). */
export const Exit = {
  Ok: 0,
  /** Input has errors (parse errors), or the plan could not be made. */
  InputErrors: 1,
  /** Usage error, or a file could not be read / written. */
  Usage: 2,
  /** `plan`: the plan has changes. */
  Changes: 3,
  /** `apply`: some lines ended `(!)`. */
  PartialFailure: 4,
} as const;

/** Thrown by commands for usage and I/O errors; `main` turns it into exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
