import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { printableName, safeSegments } from './path-safety.js';
import { type Share, type ShareEntry, ShareError } from './share.js';

/**
 * A share in a local folder (the embedded default and the demo). Files are opened with
 * `O_NOFOLLOW`, listings use `lstat`: a symbolic link is listed as `other` and never followed.
 */
export class LocalShare implements Share {
  readonly location: string;
  readonly #root: string;

  /** @param root the share's root folder (created on demand by {@link LocalShare.mkdir}). */
  constructor(root: string) {
    this.#root = resolve(root);
    this.location = `local:${this.#root}`;
  }

  #abs(path: string): string {
    return join(this.#root, ...safeSegments(path));
  }

  async list(dir: string): Promise<ShareEntry[]> {
    const abs = this.#abs(dir);
    let names: string[];
    try {
      names = await readdir(abs);
    } catch (e) {
      throw ioError('list', dir, e);
    }
    const entries: ShareEntry[] = [];
    for (const name of names.sort()) {
      try {
        const st = await lstat(join(abs, name));
        const kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
        entries.push({ name, kind, size: st.size, mtimeMs: st.mtimeMs });
      } catch (e) {
        // Removed between readdir and lstat: not there any more.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError('list', dir, e);
      }
    }
    return entries;
  }

  async read(path: string): Promise<Uint8Array> {
    const abs = this.#abs(path);
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
      const st = await handle.stat();
      if (!st.isFile()) {
        throw new ShareError('SHARE_NOT_A_FILE', `Cannot read ${printableName(path)}: not a regular file`);
      }
      return new Uint8Array(await handle.readFile());
    } catch (e) {
      if (e instanceof ShareError) throw e;
      throw ioError('read', path, e);
    } finally {
      await handle?.close();
    }
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    const segments = safeSegments(path);
    const name = segments.pop();
    if (name === undefined) throw new ShareError('SHARE_UNSAFE_NAME', 'Cannot write the share root');
    const dir = join(this.#root, ...segments);
    const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.part`);
    try {
      await mkdir(dir, { recursive: true });
      const handle = await open(temp, 'wx', 0o640);
      try {
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
  }

  async remove(path: string): Promise<boolean> {
    try {
      await unlink(this.#abs(path));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw ioError('remove', path, e);
    }
  }

  async mkdir(dir: string): Promise<void> {
    try {
      await mkdir(this.#abs(dir), { recursive: true });
    } catch (e) {
      throw ioError('create', dir, e);
    }
  }

  async close(): Promise<void> {}
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
  return new ShareError('SHARE_IO', `${what}: ${code ?? String(e)}`, { cause: e });
}
