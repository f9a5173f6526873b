/**
 * A small BER reader and DER writer for the PKCS#12 structures. BER is read (indefinite lengths and
 * constructed strings occur in files from other tools); only DER is written.
 */

/** Thrown for input that is not the expected ASN.1; callers turn it into a diagnostic. */
export class MalformedError extends Error {
  constructor(what: string) {
    super(`Malformed ASN.1: ${what}`);
    this.name = 'MalformedError';
  }
}

/** One decoded element. */
export interface Tlv {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly cls: number;
  readonly constructed: boolean;
  readonly tag: number;
  /** The content octets (for indefinite lengths: without the end-of-contents marker). */
  readonly value: Uint8Array;
  /** The whole encoding, header included. */
  readonly raw: Uint8Array;
}

/** Universal tag numbers used here. */
export const Tag = {
  Integer: 2,
  OctetString: 4,
  Null: 5,
  Oid: 6,
  Sequence: 16,
  Set: 17,
  BmpString: 30,
} as const;

const MAX_DEPTH = 32;

function readOne(buf: Uint8Array, start: number, depth: number): Tlv {
  if (depth > MAX_DEPTH) throw new MalformedError('nested too deeply');
  let pos = start;
  const first = buf[pos++];
  if (first === undefined) throw new MalformedError('truncated header');
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let b = buf[pos++]; ; b = buf[pos++]) {
      if (b === undefined || tag > 0xffffff) throw new MalformedError('bad tag');
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  const lengthByte = buf[pos++];
  if (lengthByte === undefined) throw new MalformedError('truncated length');
  if (lengthByte === 0x80) {
    if (!constructed) throw new MalformedError('indefinite length on a primitive');
    const contentStart = pos;
    for (;;) {
      if (buf[pos] === 0 && buf[pos + 1] === 0) {
        return {
          cls,
          constructed,
          tag,
          value: buf.subarray(contentStart, pos),
          raw: buf.subarray(start, pos + 2),
        };
      }
      pos += readOne(buf, pos, depth + 1).raw.byteLength;
    }
  }
  let length = lengthByte;
  if (lengthByte > 0x80) {
    const n = lengthByte & 0x7f;
    if (n > 4) throw new MalformedError('length too large');
    length = 0;
    for (let i = 0; i < n; i++) {
      const b = buf[pos++];
      if (b === undefined) throw new MalformedError('truncated length');
      length = length * 256 + b;
    }
  }
  if (pos + length > buf.byteLength) throw new MalformedError('truncated content');
  return {
    cls,
    constructed,
    tag,
    value: buf.subarray(pos, pos + length),
    raw: buf.subarray(start, pos + length),
  };
}

/** Decodes the first element of `buf`; trailing bytes are ignored (some tools pad files). */
export function decode(buf: Uint8Array): Tlv {
  return readOne(buf, 0, 0);
}

/** The elements inside a constructed element. */
export function children(t: Tlv): Tlv[] {
  if (!t.constructed) throw new MalformedError('expected a constructed element');
  const out: Tlv[] = [];
  for (let pos = 0; pos < t.value.byteLength; ) {
    const child = readOne(t.value, pos, 1);
    out.push(child);
    pos += child.raw.byteLength;
  }
  return out;
}

/** Checks the universal tag of an element and returns it. */
export function expect(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (t === undefined || t.cls !== 0 || t.tag !== tag) throw new MalformedError(`expected ${what}`);
  return t;
}

/** The children of a SEQUENCE. */
export function sequence(t: Tlv | undefined, what: string): Tlv[] {
  return children(expect(t, Tag.Sequence, what));
}

/** Unwraps a context-specific `[n] EXPLICIT` element. */
export function explicit(t: Tlv | undefined, n: number, what: string): Tlv {
  if (t === undefined || t.cls !== 2 || t.tag !== n || !t.constructed)
    throw new MalformedError(`expected [${n}] ${what}`);
  const inner = children(t)[0];
  if (inner === undefined) throw new MalformedError(`empty [${n}] ${what}`);
  return inner;
}

/** The octets of a string element, joining the pieces of a constructed (BER) string. */
export function octets(t: Tlv): Uint8Array {
  if (!t.constructed) return t.value;
  const parts = children(t).map(octets);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** The dotted form of an OBJECT IDENTIFIER. */
export function oid(t: Tlv | undefined): string {
  const v = expect(t, Tag.Oid, 'an OID').value;
  const arcs: number[] = [];
  let n = 0;
  for (const b of v) {
    n = n * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
      else arcs.push(n);
      n = 0;
    }
  }
  return arcs.join('.');
}

/** A non-negative INTEGER that fits a JavaScript number. */
export function integer(t: Tlv | undefined): number {
  const v = expect(t, Tag.Integer, 'an INTEGER').value;
  if (v.byteLength === 0 || v.byteLength > 6 || (v[0] ?? 0) & 0x80)
    throw new MalformedError('integer out of range');
  return v.reduce((n, b) => n * 256 + b, 0);
}

// ---- DER writer -------------------------------------------------------------------------------

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) out.unshift(x % 256);
  return [0x80 | out.length, ...out];
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Encodes one element from its identifier octet and content. */
export function tlv(identifier: number, content: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const body = content instanceof Uint8Array ? content : concat(content);
  return concat([new Uint8Array([identifier, ...lengthBytes(body.byteLength)]), body]);
}

/** DER SEQUENCE. */
export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, items);
/** DER OCTET STRING. */
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);
/** DER NULL. */
export const nul = (): Uint8Array => tlv(0x05, new Uint8Array());
/** DER `[n] EXPLICIT` wrapper. */
export const ctx = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);
/** DER `[n] IMPLICIT` primitive (used for EncryptedContentInfo's content). */
export const ctxPrimitive = (n: number, bytes: Uint8Array): Uint8Array => tlv(0x80 | n, bytes);

/** DER INTEGER for a non-negative safe integer. */
export function int(n: number): Uint8Array {
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x % 256);
  if (bytes.length === 0 || (bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(0x02, new Uint8Array(bytes));
}

/** DER OBJECT IDENTIFIER from its dotted form. */
export function objectId(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = arcs;
  const out: number[] = [];
  for (const arc of [a * 40 + b, ...rest]) {
    const chunk = [arc & 0x7f];
    for (let x = Math.floor(arc / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift(0x80 | (x & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(out));
}

/** DER BMPString (UTF-16BE). */
export function bmpString(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) >> 8;
    out[2 * i + 1] = text.charCodeAt(i) & 0xff;
  }
  return tlv(0x1e, out);
}

/** DER AlgorithmIdentifier. */
export function algorithm(dotted: string, params?: Uint8Array): Uint8Array {
  return params === undefined ? seq(objectId(dotted)) : seq(objectId(dotted), params);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.byteLength, b.byteLength); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.byteLength - b.byteLength;
}

/** DER SET OF: the encoded items sorted as octet strings (X.690 §11.6). */
export function setOf(...items: Uint8Array[]): Uint8Array {
  return tlv(0x31, [...items].sort(compareBytes));
}
