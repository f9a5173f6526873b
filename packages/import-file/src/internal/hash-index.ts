/**
 * A map from strings to line numbers that stores 53-bit hashes of the strings in typed arrays
 * (open addressing, linear probing): no object per entry, about 12 bytes a slot. Used to tell
 * "this address was seen on line N" across a 1 M-line file in bounded memory. Two strings with one
 * hash (p < 1e-4 at 1 M strings) read as the same string; callers only use it for warnings.
 */
export class HashIndex {
  private keys: Float64Array;
  private values: Int32Array;
  private size = 0;

  /** `capacity`: initial slots, a power of two. */
  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
  }

  /** The line stored for `s`, or undefined. */
  get(s: string): number | undefined {
    const h = hash53(s);
    const mask = this.keys.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.values[i]!;
      if (v === 0) return undefined;
      if (this.keys[i] === h) return v;
    }
  }

  /** Stores `line` (≥ 1) for `s`; returns the line stored before, if any. */
  set(s: string, line: number): number | undefined {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    return this.put(hash53(s), line);
  }

  private put(h: number, line: number): number | undefined {
    const mask = this.keys.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.values[i]!;
      if (v === 0) {
        this.keys[i] = h;
        this.values[i] = line;
        this.size++;
        return undefined;
      }
      if (this.keys[i] === h) {
        this.values[i] = line;
        return v;
      }
    }
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(values.length * 2);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (values[i] !== 0) this.put(keys[i]!, values[i]!);
  }
}

/** 53-bit hash of a string (two 32-bit multiply-xorshift lanes), exact as a JS number. */
export function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
