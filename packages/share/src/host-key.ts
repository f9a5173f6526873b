import { createHash, createHmac } from 'node:crypto';

/** How the SFTP server's host key is pinned. */
export type HostKeyPin =
  /** `SHA256:<base64>` as printed by `ssh-keygen -lf`. */
  | { readonly fingerprint: string }
  /** The text of an OpenSSH `known_hosts` file. */
  | { readonly knownHosts: string };

/** The verdict on a presented host key. */
export type HostKeyVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'unknown' | 'mismatch' | 'revoked'; readonly fingerprint: string };

/** The OpenSSH SHA-256 fingerprint (`SHA256:…`, unpadded base64) of a host key in wire format. */
export function hostKeyFingerprint(key: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function normalizeFingerprint(fp: string): string {
  return fp.trim().replace(/=+$/, '');
}

/** The host pattern that OpenSSH writes for a host and port (`host` or `[host]:port`). */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function hostMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (salt === undefined || hash === undefined) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return mac === hash;
  }
  // Wildcards and negations are not supported: a pattern must name the host exactly.
  return pattern.split(',').some((p) => p === name);
}

/**
 * Checks a presented host key (wire format) against the pin: the fingerprint must be equal; or a
 * `known_hosts` line for `host`/`[host]:port` must carry the same key. No line for the host is
 * `unknown`; lines for it with other keys are `mismatch`; a matching `@revoked` line is `revoked`.
 */
export function verifyHostKey(pin: HostKeyPin, host: string, port: number, key: Uint8Array): HostKeyVerdict {
  const fingerprint = hostKeyFingerprint(key);
  if ('fingerprint' in pin) {
    return normalizeFingerprint(pin.fingerprint) === fingerprint
      ? { ok: true }
      : { ok: false, reason: 'mismatch', fingerprint };
  }
  const name = knownHostsName(host, port);
  const presented = Buffer.from(key).toString('base64');
  let seen = false;
  let matched = false;
  for (const raw of pin.knownHosts.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
    const [hosts, , blob] = fields;
    if (hosts === undefined || blob === undefined || marker === '@cert-authority') continue;
    if (!hostMatches(hosts, name)) continue;
    if (marker === '@revoked') {
      if (blob === presented) return { ok: false, reason: 'revoked', fingerprint };
      continue;
    }
    seen = true;
    if (blob === presented) matched = true;
  }
  if (matched) return { ok: true };
  return { ok: false, reason: seen ? 'mismatch' : 'unknown', fingerprint };
}
