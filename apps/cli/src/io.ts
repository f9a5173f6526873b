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

/** The real process's IO. Output to a reader that went away (`usesync ledger | head -1`) is dropped. */
export function processIO(): CliIO {
  return {
    out: quietWhenClosed(process.stdout),
    err: quietWhenClosed(process.stderr),
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

const closed = new WeakMap<NodeJS.WritableStream, { gone: boolean }>();

/**
 * A writer to `stream` that goes quiet once the reading end is closed (EPIPE), instead of the
 * unhandled `'error'` event that would crash the process with a stack trace. The command still
 * runs to its end (an `apply` is never cut short because its output is no longer read) and exits
 * with its own code; `ledger | head -1` therefore exits 0. Other write errors (a full disk) still
 * surface. One listener per stream, however often it is called.
 */
export function quietWhenClosed(
  stream: NodeJS.WritableStream & { destroyed?: boolean },
): (text: string) => void {
  let state = closed.get(stream);
  if (state === undefined) {
    const s = { gone: false };
    state = s;
    closed.set(stream, s);
    stream.on('error', (e: NodeJS.ErrnoException) => {
      s.gone = true;
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    });
  }
  const s = state;
  return (text) => {
    if (!s.gone && stream.destroyed !== true) stream.write(text);
  };
}
