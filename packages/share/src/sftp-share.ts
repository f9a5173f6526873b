import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Secret } from '@usesync/domain';
import SftpClient from 'ssh2-sftp-client';
import { type HostKeyPin, type HostKeyVerdict, verifyHostKey } from './host-key.js';
import { type ReconnectPolicy, reconnectDelay, sleep } from './internal/backoff.js';
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
}

type Client = InstanceType<typeof SftpClient>;

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
  #client: Client | undefined;
  #connecting: Promise<Client> | undefined;

  constructor(options: SftpShareOptions) {
    this.#options = options;
    this.#port = options.port ?? 22;
    this.#root = options.root ?? '.';
    this.location = `sftp://${options.username}@${options.host}:${this.#port}/${this.#root.replace(/^\/+/, '')}`;
  }

  #remote(path: string): string {
    return posix.join(this.#root, ...safeSegments(path));
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
      await client.connect({
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
  async #op<T>(verb: string, path: string, fn: (c: Client, remote: string) => Promise<T>): Promise<T> {
    const remote = this.#remote(path);
    for (let tries = 1; ; tries++) {
      const client = await this.#get();
      try {
        return await fn(client, remote);
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

  list(dir: string): Promise<ShareEntry[]> {
    return this.#op('list', dir, async (c, remote) => {
      const items = await c.list(remote);
      return items
        .map(
          (i): ShareEntry => ({
            name: i.name,
            kind: i.type === 'd' ? 'dir' : i.type === '-' ? 'file' : 'other',
            size: i.size,
            mtimeMs: i.modifyTime,
          }),
        )
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  }

  read(path: string): Promise<Uint8Array> {
    return this.#op('read', path, async (c, remote) => {
      const type = await c.exists(remote);
      if (type === false)
        throw new ShareError('SHARE_NOT_FOUND', `Cannot read ${printableName(path)}: it does not exist`);
      if (type !== '-') {
        throw new ShareError(
          'SHARE_NOT_A_FILE',
          `Cannot read ${printableName(path)}: not a regular file (never followed)`,
        );
      }
      const data = await c.get(remote);
      if (!Buffer.isBuffer(data))
        throw new ShareError('SHARE_IO', `Cannot read ${printableName(path)}: no data`);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    });
  }

  write(path: string, bytes: Uint8Array): Promise<void> {
    return this.#op('write', path, async (c, remote) => {
      const temp = posix.join(
        posix.dirname(remote),
        `.${posix.basename(remote)}.${randomBytes(6).toString('hex')}.part`,
      );
      try {
        await c.put(Buffer.from(bytes), temp);
        await c.posixRename(temp, remote);
      } catch (e) {
        await c.delete(temp, true).catch(() => undefined);
        throw e;
      }
    });
  }

  remove(path: string): Promise<boolean> {
    return this.#op('remove', path, async (c, remote) => {
      if ((await c.exists(remote)) === false) return false;
      await c.delete(remote);
      return true;
    });
  }

  mkdir(dir: string): Promise<void> {
    return this.#op('create', dir, async (c, remote) => {
      if ((await c.exists(remote)) === 'd') return;
      await c.mkdir(remote, true);
    });
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
