import { realpath } from 'node:fs/promises';
import { basename, dirname, join, posix, resolve, sep } from 'node:path';
import { isInside } from './internal/containment.js';
import { ShareError } from './share.js';

/** Where one tenant's share is: a local folder, or a folder on an SFTP server. */
export type TenantShareRoot =
  | { readonly tenant: string; readonly kind: 'local'; readonly root: string }
  | {
      readonly tenant: string;
      readonly kind: 'sftp';
      readonly host: string;
      readonly port: number;
      readonly username: string;
      /** Remote folder; a relative one is taken below the user's login folder. */
      readonly root: string;
    };

/** Two tenants whose share roots overlap. */
export interface ShareRootOverlap {
  readonly tenants: readonly [string, string];
  /** The resolved roots, in the order of `tenants`. */
  readonly roots: readonly [string, string];
  /** `same`: one folder; `inside`: the second root lies inside the first (or the reverse). */
  readonly relation: 'same' | 'inside';
  /** "Tenants AAA and BBB share one folder …", naming both. */
  readonly message: string;
}

/**
 * Resolves each tenant's share root (local: the real path where it exists, else the real path of
 * its nearest existing parent plus the rest; SFTP: `host:port` and the normalised remote path) and
 * returns every pair of tenants whose roots are the same folder or one inside the other — such
 * tenants would refuse and delete each other's uploads. SFTP roots are compared only on the same
 * host and port (relative ones only for the same user); local and SFTP roots never overlap.
 */
export async function findOverlappingShareRoots(
  roots: readonly TenantShareRoot[],
): Promise<ShareRootOverlap[]> {
  const resolved = await Promise.all(
    roots.map(async (r) =>
      r.kind === 'local'
        ? { tenant: r.tenant, space: 'local', path: await realLocalPath(r.root), sep }
        : {
            tenant: r.tenant,
            space: `sftp://${r.host.toLowerCase()}:${r.port}`,
            path: posix.isAbsolute(r.root)
              ? posix.normalize(r.root)
              : posix.join(`/~${r.username}`, posix.normalize(r.root)),
            sep: '/',
          },
    ),
  );
  const out: ShareRootOverlap[] = [];
  for (let i = 0; i < resolved.length; i++) {
    for (let j = i + 1; j < resolved.length; j++) {
      const a = resolved[i];
      const b = resolved[j];
      if (!a || !b || a.space !== b.space) continue;
      const pa = trimSep(a.path, a.sep);
      const pb = trimSep(b.path, b.sep);
      const where = a.space === 'local' ? '' : `${a.space} `;
      let relation: 'same' | 'inside' | undefined;
      let message = '';
      if (pa === pb) {
        relation = 'same';
        message = `Tenants ${a.tenant} and ${b.tenant} share one folder ${where}${pa}: each would refuse and delete the other's uploads; give each tenant its own share root`;
      } else if (isInside(pa, pb, a.sep) || isInside(pb, pa, a.sep)) {
        relation = 'inside';
        const [outer, inner] = isInside(pa, pb, a.sep) ? [a, b] : [b, a];
        message = `Tenants ${a.tenant} and ${b.tenant} have overlapping share roots: ${inner.tenant}'s ${where}${trimSep(inner.path, a.sep)} lies inside ${outer.tenant}'s ${trimSep(outer.path, a.sep)}; give each tenant its own, separate share root`;
      }
      if (relation) out.push({ tenants: [a.tenant, b.tenant], roots: [pa, pb], relation, message });
    }
  }
  return out;
}

/**
 * Throws `SHARE_ROOTS_OVERLAP` naming both tenants (every overlapping pair, one per line) when any
 * two share roots overlap (see {@link findOverlappingShareRoots}); the worker calls it at start.
 */
export async function assertSeparateShareRoots(roots: readonly TenantShareRoot[]): Promise<void> {
  const overlaps = await findOverlappingShareRoots(roots);
  if (overlaps.length === 0) return;
  throw new ShareError(
    'SHARE_ROOTS_OVERLAP',
    `Cannot serve these tenants: ${overlaps.map((o) => o.message).join('; ')}`,
  );
}

function trimSep(path: string, s: string): string {
  return path.length > 1 && path.endsWith(s) ? path.slice(0, -1) : path;
}

// The real path of `path`, or of its nearest existing parent with the missing rest appended.
async function realLocalPath(path: string): Promise<string> {
  const abs = resolve(path);
  try {
    return await realpath(abs);
  } catch {
    const parent = dirname(abs);
    if (parent === abs) return abs;
    return join(await realLocalPath(parent), basename(abs));
  }
}
