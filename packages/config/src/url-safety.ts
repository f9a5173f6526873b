/**
 * True for a host that never leaves this machine: `localhost`, `*.localhost`, 127.0.0.0/8 and
 * `::1` (with or without brackets).
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4?.slice(1).every((o) => Number(o) <= 255) === true;
}

/**
 * Why `url` must not carry credentials or certificate requests: plain `http:` to a host other than
 * loopback (the API key and every order would cross the network in clear). Undefined when the URL
 * is `https:`, or `http:` to loopback (the simulator, a local TLS-terminating proxy).
 */
export function insecureUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'expected an absolute URL';
  }
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:') {
    return isLoopbackHost(u.hostname)
      ? undefined
      : `refused: plain http to ${u.hostname} would send the API key unencrypted; use https:// (plain http is accepted only for 127.0.0.1, ::1 or localhost)`;
  }
  return `refused: expected an https:// URL, not ${u.protocol}`;
}
