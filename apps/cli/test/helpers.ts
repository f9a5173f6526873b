import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliIO, main } from '../src/index.js';

/** The result of one in-process CLI run. */
export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `usesync` in-process with captured output. */
export async function run(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readFile: async (p) => new Uint8Array(await readFile(p)),
    env,
    cwd: process.cwd(),
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'usesync-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a file into a directory and returns its path. */
export function writeIn(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The repository's examples folder. */
export const examples = new URL('../../../examples/', import.meta.url).pathname;
