import { UsesyncError } from '@usesync/domain';

/** The URL with any password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL URL';
  }
}

/** An open/migrate failure as a `UsesyncError` naming the redacted URL. */
export function connectionError(e: unknown, url: string, what: string): unknown {
  if (e instanceof UsesyncError) return e;
  const err = e as { code?: string; message?: string };
  const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH'];
  const code =
    err.code !== undefined && unreachable.includes(err.code) ? 'STORE_UNAVAILABLE' : 'STORE_OPEN_FAILED';
  const reason =
    code === 'STORE_UNAVAILABLE' ? `the server is unreachable (${err.code})` : (err.message ?? 'error');
  return new UsesyncError(code, `Cannot ${what} at ${redactUrl(url)}: ${reason}`, { cause: e });
}
