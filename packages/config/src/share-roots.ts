import { isAbsolute, posix, resolve } from 'node:path';
import type { TenantConfig } from './schema.js';

/** Two tenants whose shares overlap: one share root is the other or lies inside it. */
export interface ShareRootOverlap {
  readonly tenants: readonly [string, string];
  /** The two roots as compared: an absolute local path, or `sftp://user@host:port/path`. */
  readonly roots: readonly [string, string];
  /** "the share roots of tenants A (…) and B (…) overlap; give each tenant its own share.root". */
  readonly message: string;
}

/**
 * Where a tenant's share lives, as a comparable string: the absolute local root (relative roots
 * are inside `dataDir`), or `sftp://user@host:port/<root>` (a relative SFTP root is relative to
 * that user's home, so it is compared only with the same user's roots).
 */
export function shareLocation(share: TenantConfig['share'], dataDir: string): string {
  if (share.kind === 'local' || share.sftp === undefined) {
    return trimSlash(isAbsolute(share.root) ? resolve(share.root) : resolve(dataDir, share.root));
  }
  const s = share.sftp;
  const root = posix.normalize(s.root);
  const path = root.startsWith('/') ? root : `~${s.username}/${root === '.' ? '' : root}`;
  return trimSlash(`sftp://${s.host.toLowerCase()}:${s.port}${path.startsWith('/') ? '' : '/'}${path}`);
}

/**
 * Finds every pair of tenants whose share roots overlap (equal, or one inside the other), by
 * comparing the paths lexically: `..` and `.` are resolved but symbolic links are not followed
 * (the share package's real-path check covers those). Pure; the result is in tenant order.
 */
export function findShareRootOverlaps(
  configs: readonly Pick<TenantConfig, 'tenant' | 'share'>[],
  dataDir: string,
): ShareRootOverlap[] {
  const located = configs.map((c) => ({ tenant: c.tenant.id, root: shareLocation(c.share, dataDir) }));
  const out: ShareRootOverlap[] = [];
  for (const [i, a] of located.entries()) {
    for (const b of located.slice(i + 1)) {
      if (!within(a.root, b.root) && !within(b.root, a.root)) continue;
      out.push({
        tenants: [a.tenant, b.tenant],
        roots: [a.root, b.root],
        message: `the share roots of tenants ${a.tenant} (${a.root}) and ${b.tenant} (${b.root}) overlap: one tenant would list, import and delete the other's files; give each tenant its own share.root (e.g. share/${b.tenant})`,
      });
    }
  }
  return out;
}

function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith('/') ? outer : `${outer}/`);
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') && !p.endsWith(':/') ? p.slice(0, -1) : p;
}
