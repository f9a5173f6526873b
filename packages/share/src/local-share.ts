import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import {
  type FileHandle,
  lstat,
  mkdir,
  open,
  readdir,
  readlink,
  realpath,
  rename,
  unlink,
} from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { isInside, kindWord, outsideRoot } from './internal/containment.js';
import { entryRefusal, tempName } from './internal/entries.js';
import { decodeRawName, printableName, safeSegments } from './path-safety.js';
import { type Share, type ShareEntry, ShareError } from './share.js';

/** Options of {@link LocalShare}. */
export interface LocalShareOptions {
  /** Permission bits of the files written (pushback), set exactly (no umask); default `0o640`. */
  readonly fileMode?: number;
}

const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;
const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * A share in a local folder (the embedded default and the demo). Every folder is resolved to its
 * real path and must stay inside the real share root (`SHARE_OUTSIDE_ROOT` otherwise); files are
 * opened with `O_NOFOLLOW | O_NONBLOCK` and read only when `fstat` says they are regular files (a
 * FIFO swapped in after the listing cannot block). Each operation works in its folder pinned by an
 * open descriptor (`/proc/self/fd/N`), so a folder swapped for a link after the check is not
 * followed. Listings use `lstat`: a symbolic link is `other` and never followed.
 */
export class LocalShare implements Share {
  readonly location: string;
  readonly #root: string;
  readonly #fileMode: number;

  /** @param root the share's root folder (created on demand by {@link LocalShare.mkdir}). */
  constructor(root: string, options: LocalShareOptions = {}) {
    this.#root = resolve(root);
    this.#fileMode = options.fileMode ?? 0o640;
    this.location = `local:${this.#root}`;
  }

  async #rootReal(verb: string, shown: string): Promise<string> {
    try {
      return await realpath(this.#root);
    } catch (e) {
      throw ioError(verb, shown, e);
    }
  }

  /** The real path of a folder of the share, refused when it leaves the real root. */
  async #dir(
    segments: readonly string[],
    shown: string,
    verb: string,
  ): Promise<{ root: string; dir: string }> {
    const root = await this.#rootReal(verb, shown);
    let dir: string;
    try {
      dir = await realpath(join(root, ...segments));
    } catch (e) {
      throw ioError(verb, shown, e);
    }
    if (!isInside(root, dir, sep)) throw outsideRoot(shown, dir);
    return { root, dir };
  }

  /**
   * Runs `fn` on a folder of the share pinned by an open descriptor: the folder is opened, the
   * descriptor's real path (`/proc/self/fd/N`) is checked against the root, and `fn` gets
   * `/proc/self/fd/N` as the folder's path, so that swapping the folder for a link after the
   * check changes nothing (an `openat` in all but name). Without `/proc`, `fn` gets the real path.
   */
  async #inDir<T>(
    segments: readonly string[],
    shown: string,
    verb: string,
    fn: (dir: string, root: string) => Promise<T>,
  ): Promise<T> {
    const { root, dir } = await this.#dir(segments, shown, verb);
    let handle: FileHandle;
    try {
      handle = await open(dir, DIR_FLAGS);
    } catch (e) {
      throw ioError(verb, shown, e);
    }
    try {
      const pinned = `/proc/self/fd/${handle.fd}`;
      let real: string | undefined;
      try {
        real = await readlink(pinned);
      } catch {
        real = undefined; // no /proc: the real-path check above stands alone
      }
      if (real === undefined) return await fn(dir, root);
      if (!isInside(root, real, sep)) throw outsideRoot(shown, real);
      return await fn(pinned, root);
    } finally {
      await handle.close();
    }
  }

  /** Refuses an opened file whose real path (as the kernel knows it) is outside the root. */
  async #checkOpened(handle: FileHandle, root: string, shown: string): Promise<void> {
    let real: string;
    try {
      real = await readlink(`/proc/self/fd/${handle.fd}`);
    } catch {
      return; // no /proc: the folder check before the open stands alone
    }
    if (!isInside(root, real.replace(/ \(deleted\)$/, ''), sep)) throw outsideRoot(shown, real);
  }

  async list(dir: string): Promise<ShareEntry[]> {
    return this.#inDir(safeSegments(dir), dir, 'list', async (abs) => {
      let raw: Buffer[];
      try {
        raw = await readdir(abs, { encoding: 'buffer' });
      } catch (e) {
        throw ioError('list', dir, e);
      }
      const prefix = Buffer.from(abs + sep);
      const entries: ShareEntry[] = [];
      for (const bytes of raw) {
        const { name, valid } = decodeRawName(bytes);
        try {
          const st = await lstat(Buffer.concat([prefix, bytes]));
          const kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
          const refusal = entryRefusal(name, valid, st.isSymbolicLink() ? 'symlink' : kind, kindWord(st));
          entries.push({ name, kind, size: st.size, mtimeMs: st.mtimeMs, ...(refusal ? { refusal } : {}) });
        } catch (e) {
          // Removed between readdir and lstat: not there any more.
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError('list', dir, e);
        }
      }
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  }

  async read(path: string): Promise<Uint8Array> {
    const segments = safeSegments(path);
    const name = segments.pop();
    if (name === undefined) throw notAFile(path, 'the share root');
    return this.#inDir(segments, path, 'read', async (dir, root) => {
      const abs = join(dir, name);
      let handle: FileHandle | undefined;
      try {
        const before = await lstat(abs);
        if (!before.isFile()) throw notAFile(path, kindWord(before));
        // O_NONBLOCK: a FIFO swapped in after the lstat opens at once instead of waiting for a writer.
        handle = await open(abs, READ_FLAGS);
        const st = await handle.stat();
        if (!st.isFile()) throw notAFile(path, kindWord(st));
        await this.#checkOpened(handle, root, path);
        return new Uint8Array(await handle.readFile());
      } catch (e) {
        throw ioError('read', path, e);
      } finally {
        await handle?.close();
      }
    });
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    const segments = safeSegments(path);
    const name = segments.pop();
    if (name === undefined) throw new ShareError('SHARE_UNSAFE_NAME', 'Cannot write the share root');
    await this.mkdir(segments.join('/'));
    await this.#inDir(segments, path, 'write', async (dir, root) => {
      const temp = join(dir, tempName(name, randomBytes(6).toString('hex')));
      try {
        const handle = await open(temp, CREATE_FLAGS, this.#fileMode);
        try {
          await handle.chmod(this.#fileMode);
          await this.#checkOpened(handle, root, path);
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, join(dir, name));
      } catch (e) {
        await unlink(temp).catch(() => undefined);
        throw ioError('write', path, e);
      }
    });
  }

  async remove(path: string): Promise<boolean> {
    const segments = safeSegments(path);
    const name = segments.pop();
    if (name === undefined) throw new ShareError('SHARE_UNSAFE_NAME', 'Cannot remove the share root');
    try {
      return await this.#inDir(segments, path, 'remove', async (dir) => {
        try {
          await unlink(join(dir, name)); // unlink removes a link itself, never its target
          return true;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
          throw ioError('remove', path, e);
        }
      });
    } catch (e) {
      if (e instanceof ShareError && e.code === 'SHARE_NOT_FOUND') return false;
      throw e;
    }
  }

  async mkdir(dir: string): Promise<void> {
    const segments = safeSegments(dir);
    try {
      await mkdir(this.#root, { recursive: true });
    } catch (e) {
      throw ioError('create', '.', e);
    }
    const root = await this.#rootReal('create', dir);
    // One level at a time, each checked: a symlinked parent never leads the creation outside.
    let current = root;
    for (const segment of segments) {
      const next = join(current, segment);
      try {
        await mkdir(next);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError('create', dir, e);
      }
      let real: string;
      try {
        real = await realpath(next);
      } catch (e) {
        throw ioError('create', dir, e);
      }
      if (!isInside(root, real, sep)) throw outsideRoot(dir, real);
      current = real;
    }
  }

  async close(): Promise<void> {}
}

function notAFile(path: string, what: string): ShareError {
  return new ShareError('SHARE_NOT_A_FILE', `Cannot read ${printableName(path)}: it is ${what}`);
}

function ioError(verb: string, path: string, e: unknown): ShareError {
  if (e instanceof ShareError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const what = `Cannot ${verb} ${printableName(path === '' ? '.' : path)}`;
  if (code === 'ENOENT') return new ShareError('SHARE_NOT_FOUND', `${what}: it does not exist`, { cause: e });
  if (code === 'ELOOP') {
    return new ShareError('SHARE_NOT_A_FILE', `${what}: it is a symbolic link (never followed)`, {
      cause: e,
    });
  }
  if (code === 'ENXIO') {
    return new ShareError('SHARE_NOT_A_FILE', `${what}: it is a socket or device (never opened)`, {
      cause: e,
    });
  }
  return new ShareError('SHARE_IO', `${what}: ${code ?? String(e)}`, { cause: e });
}
