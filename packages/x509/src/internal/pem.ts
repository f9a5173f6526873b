/** A PEM block found in a text, with the 1-based line of its BEGIN marker. */
export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
  readonly line: number;
  /** False when the base64 body could not be decoded. */
  readonly ok: boolean;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 #]+)-----\s*$/;
const END = /^-----END ([A-Z0-9 #]+)-----\s*$/;
const BASE64_LINE = /^[A-Za-z0-9+/=]*$/;

/** Encodes DER bytes as PEM with 64-character lines and a trailing newline. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** True when the bytes look like PEM text rather than DER (which starts with a SEQUENCE, 0x30). */
export function looksLikePem(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x30) return false;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('-----BEGIN ');
}

/**
 * Splits a text into its PEM blocks. Text outside blocks (OpenSSL's "Bag Attributes" and "subject="
 * lines, comments) is skipped. RFC 7468 headers (`Proc-Type:` …) mark a block as not decodable.
 */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  let open: { label: string; line: number; body: string[]; ok: boolean } | undefined;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (open === undefined) {
      const begin = BEGIN.exec(line);
      if (begin) open = { label: begin[1] ?? '', line: index + 1, body: [], ok: true };
      continue;
    }
    const end = END.exec(line);
    if (end) {
      const body = open.body.join('');
      const der = new Uint8Array(Buffer.from(body, 'base64'));
      const ok = open.ok && end[1] === open.label && body.length > 0 && der.byteLength > 0;
      blocks.push({ label: open.label, der, line: open.line, ok });
      open = undefined;
    } else if (!BASE64_LINE.test(line)) {
      open.ok = false;
    } else {
      open.body.push(line);
    }
  }
  if (open !== undefined)
    blocks.push({ label: open.label, der: new Uint8Array(), line: open.line, ok: false });
  return blocks;
}
