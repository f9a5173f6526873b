import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Secret } from '@usesync/domain';
import SftpClient from 'ssh2-sftp-client';
import { type HostKeyPin, type HostKeyVerdict, verifyHostKey } from './host-key.js';
import { type ReconnectPolicy, reconnectDelay, sleep } from './internal/backoff.js';
import { isInside, kindWord, outsideRoot } from './internal/containment.js';
import { entryRefusal, tempName } from './internal/entries.js';
import { notAFile, readRegularFile, type SftpWrapper } from './internal/sftp-read.js';
import { printableName, safeSegments } from './path-safety.js';
import { type Share, type ShareEntry, ShareError } from './share.js';

/** Options of {@link SftpShare}. */
export interface SftpShareOptions {
  readonly host: string;
  /** Default 22. */
  readonly port?: number;
  readonly username: string;
  /** The client's private key (OpenSSH or PEM text). Key authentication only. */
  readonly privateKey: string | Uint8Array;
  /** Passphrase of the private key, if it has one. */
  readonly passphrase?: Secret;
  /** The server's host key pin; any other key is refused. */
  readonly hostKey: HostKeyPin;
  /** Remote folder the share paths are relative to (default `.`, the login folder). */
  readonly root?: string;
  /** Handshake timeout (default 10 000 ms). */
  readonly readyTimeoutMs?: number;
  readonly reconnect?: ReconnectPolicy;
  /** Permission bits of the files written (pushback), set with `chmod` after the upload; default `0o640`. */
  readonly fileMode?: number;
  /**
   * How long the server may take to open a file for reading (default 30 000 ms). A server that
   * does not answer (a FIFO swapped in after the check blocks its `open`) gets its connection
   * dropped, and the read fails with `SHARE_NOT_A_FILE` instead of hanging.
   */
  readonly openTimeoutMs?: number;
}

type Client = InstanceType<typeof SftpClient>;
// ssh2-sftp-client has lstat (its types lag behind); same result shape as stat.
type LstatClient = Client & { lstat(path: string): ReturnType<Client['stat']> };

// First letter of an `ls -l` long name → what it is, for messages.
const SFTP_KINDS: Readonly<Record<string, string>> = {
  d: 'a directory',
  l: 'a symbolic link (never followed)',
  p: 'a FIFO (never opened)',
  s: 'a socket',
  c: 'a device',
  b: 'a device',
};

const CONNECTION_LOST = new Set(['ERR_NOT_CONNECTED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);

/**
 * A share on an SFTP server (ssh2-sftp-client): key authentication, the host key pinned by
 * fingerprint or `known_hosts` (anything else is refused with `SHARE_HOST_KEY_UNKNOWN` /
 * `SHARE_HOST_KEY_MISMATCH` and never retried), one lazily opened connection that is re-opened
 * with backoff when it drops. Writes go to a temporary name, then `posix-rename` over the target.
 */
export class SftpShare implements Share {
  readonly location: string;
  readonly #options: SftpShareOptions;
  readonly #port: number;
  readonly #root: string;
  readonly #fileMode: number;
  readonly #openTimeoutMs: number;
  readonly #rootReals = new WeakMap<Client, string>();
  readonly #wrappers = new WeakMap<Client, SftpWrapper>();
  #client: Client | undefined;
  #connecting: Promise<Client> | undefined;

  constructor(options: SftpShareOptions) {
    this.#options = options;
    this.#port = options.port ?? 22;
    this.#root = options.root ?? '.';
    this.#fileMode = options.fileMode ?? 0o640;
    this.#openTimeoutMs = options.openTimeoutMs ?? 30_000;
    this.location = `sftp://${options.username}@${options.host}:${this.#port}/${this.#root.replace(/^\/+/, '')}`;
  }

  async #connectOnce(): Promise<Client> {
    let refused: HostKeyVerdict | undefined;
    const client: Client = new SftpClient('usesync', {
      end: () => this.#drop(client),
      close: () => this.#drop(client),
      error: () => this.#drop(client),
    });
    const o = this.#options;
    try {
      const sftp = await client.connect({
        host: o.host,
        port: this.#port,
        username: o.username,
        privateKey: typeof o.privateKey === 'string' ? o.privateKey : Buffer.from(o.privateKey),
        ...(o.passphrase ? { passphrase: o.passphrase.reveal() } : {}),
        readyTimeout: o.readyTimeoutMs ?? 10_000,
        hostVerifier: (key: Buffer) => {
          const verdict = verifyHostKey(o.hostKey, o.host, this.#port, key);
          if (!verdict.ok) refused = verdict;
          return verdict.ok;
        },
      });
      this.#wrappers.set(client, sftp);
      return client;
    } catch (e) {
      await client.end().catch(() => undefined);
      if (refused !== undefined && !refused.ok) {
        const where = `${o.host}:${this.#port}`;
        const code = refused.reason === 'unknown' ? 'SHARE_HOST_KEY_UNKNOWN' : 'SHARE_HOST_KEY_MISMATCH';
        const why =
          refused.reason === 'unknown'
            ? 'its host key is not in the known_hosts file'
            : refused.reason === 'revoked'
              ? 'its host key is marked @revoked'
              : 'its host key does not match the pinned one';
        throw new ShareError(
          code,
          `Cannot trust the SFTP server ${where}: ${why} (presented ${refused.fingerprint})`,
        );
      }
      const err = e as Error & { level?: string; code?: string };
      if (err.level === 'client-authentication' || /authentication methods failed/i.test(err.message)) {
        throw new ShareError(
          'SHARE_AUTH',
          `Cannot log in to the SFTP server ${o.host}:${this.#port} as ${o.username}: the key was refused`,
          { cause: e },
        );
      }
      if (/privateKey|private key|passphrase/i.test(err.message) && err.level === undefined) {
        throw new ShareError('SHARE_CONFIG', 'Cannot use the SFTP private key: it could not be parsed', {
          cause: e,
        });
      }
      throw new ShareError(
        'SHARE_CONNECT',
        `Cannot connect to the SFTP server ${o.host}:${this.#port}: ${err.message}`,
        {
          cause: e,
          retryable: true,
        },
      );
    }
  }

  async #connect(): Promise<Client> {
    const policy = this.#options.reconnect ?? {};
    const attempts = Math.max(1, policy.attempts ?? 4);
    for (let attempt = 1; ; attempt++) {
      await sleep(reconnectDelay(policy, attempt, Math.random));
      try {
        return await this.#connectOnce();
      } catch (e) {
        if (!(e instanceof ShareError) || !e.retryable || attempt >= attempts) throw e;
      }
    }
  }

  #drop(client: Client): void {
    if (this.#client === client) this.#client = undefined;
  }

  async #get(): Promise<Client> {
    if (this.#client) return this.#client;
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    const client = await this.#connecting;
    this.#client = client;
    return client;
  }

  /** Runs `fn` on a connection; a lost connection is re-opened and `fn` tried once more. */
  async #op<T>(verb: string, path: string, fn: (c: Client) => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      const client = await this.#get();
      try {
        return await fn(client);
      } catch (e) {
        if (e instanceof ShareError) throw e;
        const code = String((e as { code?: unknown }).code ?? '');
        if (tries < 2 && (CONNECTION_LOST.has(code) || this.#client !== client)) {
          this.#drop(client);
          await client.end().catch(() => undefined);
          continue;
        }
        throw mapError(verb, path, e);
      }
    }
  }

  /** The real path of the share root on this connection (asked once per connection). */
  async #rootReal(c: Client): Promise<string> {
    const known = this.#rootReals.get(c);
    if (known !== undefined) return known;
    const real = await c.realPath(this.#root);
    this.#rootReals.set(c, real);
    return real;
  }

  /** The real path of a folder of the share, refused when it leaves the real root. */
  async #dir(c: Client, segments: readonly string[], shown: string): Promise<string> {
    const root = await this.#rootReal(c);
    const real = await c.realPath(posix.join(root, ...segments));
    if (!isInside(root, real, '/')) throw outsideRoot(shown, real);
    return real;
  }

  async list(dir: string): Promise<ShareEntry[]> {
    const segments = safeSegments(dir);
    return this.#op('list', dir, async (c) => {
      const real = await this.#dir(c, segments, dir);
      const items = await c.list(real);
      return items
        .map((i): ShareEntry => {
          const kind = i.type === 'd' ? 'dir' : i.type === '-' ? 'file' : 'other';
          // ssh2 decodes names as UTF-8 and turns invalid bytes into U+FFFD: such a name addresses
          // nothing on the server, so it is refused (shown escaped) instead of failing the poll.
          const valid = !i.name.includes('\ufffd');
          const name = valid ? i.name : printableName(i.name);
          const what = SFTP_KINDS[i.type] ?? 'not a regular file';
          const refusal = entryRefusal(name, valid, i.type === 'l' ? 'symlink' : kind, what);
          return { name, kind, size: i.size, mtimeMs: i.modifyTime, ...(refusal ? { refusal } : {}) };
        })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  }

  async read(path: string): Promise<Uint8Array> {
    const segments = safeSegments(path);
    const name = segments.pop();
    if (name === undefined) throw notAFile(path, 'the share root');
    return this.#op('read', path, async (c) => {
      const target = posix.join(await this.#dir(c, segments, path), name);
      // lstat (never stat): a link is refused as a link, a FIFO as a FIFO, before any open.
      const st = await (c as LstatClient).lstat(target);
      if (!st.isFile)
        throw notAFile(
          path,
          kindWord({
            isDirectory: () => st.isDirectory,
            isSymbolicLink: () => st.isSymbolicLink,
            isFIFO: () => st.isFIFO,
            isSocket: () => st.isSocket,
            isCharacterDevice: () => st.isCharacterDevice,
            isBlockDevice: () => st.isBlockDevice,
          }),
        );
      const sftp = this.#wrappers.get(c);
      if (sftp === undefined)
        throw new ShareError('SHARE_IO', `Cannot read ${printableName(path)}: no SFTP session`);
      return readRegularFile(sftp, target, path, this.#openTimeoutMs, () => this.#abandon(c));
    });
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    const segments = safeSegments(path);
    const name = segments.pop();
    if (name === undefined) throw new ShareError('SHARE_UNSAFE_NAME', 'Cannot write the share root');
    return this.#op('write', path, async (c) => {
      const dir = await this.#dir(c, segments, path);
      const temp = posix.join(dir, tempName(name, randomBytes(6).toString('hex')));
      try {
        await c.put(Buffer.from(bytes), temp, { writeStreamOptions: { flags: 'w', mode: this.#fileMode } });
        await c.chmod(temp, this.#fileMode); // exactly, whatever the server's umask
        await c.posixRename(temp, posix.join(dir, name));
      } catch (e) {
        await c.delete(temp, true).catch(() => undefined);
        throw e;
      }
    });
  }

  async remove(path: string): Promise<boolean> {
    const segments = safeSegments(path);
    const name = segments.pop();
    if (name === undefined) throw new ShareError('SHARE_UNSAFE_NAME', 'Cannot remove the share root');
    return this.#op('remove', path, async (c) => {
      let dir: string;
      try {
        dir = await this.#dir(c, segments, path);
      } catch (e) {
        if (isNoSuchFile(e)) return false;
        throw e;
      }
      const target = posix.join(dir, name);
      if ((await c.exists(target)) === false) return false;
      await c.delete(target); // SFTP remove unlinks a link itself, never its target
      return true;
    });
  }

  async mkdir(dir: string): Promise<void> {
    const segments = safeSegments(dir);
    return this.#op('create', dir, async (c) => {
      const root = await this.#rootReal(c);
      // One level at a time, each checked: a symlinked parent never leads the creation outside.
      let current = root;
      for (const segment of segments) {
        const next = posix.join(current, segment);
        if ((await c.exists(next)) === false) await c.mkdir(next);
        const real = await c.realPath(next);
        if (!isInside(root, real, '/')) throw outsideRoot(dir, real);
        if ((await c.exists(real)) !== 'd')
          throw new ShareError(
            'SHARE_IO',
            `Cannot create ${printableName(dir)}: ${printableName(segment)} is not a folder`,
          );
        current = real;
      }
    });
  }

  /** Drops a connection whose server stopped answering (e.g. an open of a FIFO that blocks there). */
  #abandon(c: Client): void {
    this.#drop(c);
    void c.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client) await client.end().catch(() => undefined);
  }
}

function mapError(verb: string, path: string, e: unknown): ShareError {
  const err = e as Error & { code?: unknown };
  const what = `Cannot ${verb} ${printableName(path === '' ? '.' : path)}`;
  if (err.code === 'ENOENT' || err.code === 2) {
    return new ShareError('SHARE_NOT_FOUND', `${what}: it does not exist`, { cause: e });
  }
  const retryable = CONNECTION_LOST.has(String(err.code ?? ''));
  return new ShareError('SHARE_IO', `${what}: ${err.message}`, { cause: e, retryable });
}

function isNoSuchFile(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === 'ENOENT' || code === 2 || (e instanceof ShareError && e.code === 'SHARE_NOT_FOUND');
}
