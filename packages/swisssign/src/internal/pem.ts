/** Base64 of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Wraps DER bytes into a PEM block with the given label. */
export function toPem(der: Uint8Array, label: string): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * The DER bytes of a PEM block or of bare base64 text (SwissSign returns certificates as bare
 * base64 and accepts CSRs with or without the BEGIN/END lines).
 */
export function fromPemOrBase64(text: string): Uint8Array {
  const body = text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length === 0) {
    throw new TypeError('not PEM or base64 text');
  }
  return new Uint8Array(Buffer.from(body, 'base64'));
}
