/**
 * A map from strings to line numbers that stores 53-bit hashes of the strings in typed arrays
 * (open addressing, linear probing): no object per entry, 16 bytes a slot — hash and line side by
 * side in one array, so a probe touches one cache line. Used to tell
 * "this address was seen on line N" across a 1 M-line file in bounded memory. Two strings with one
 * hash (p < 1e-4 at 1 M strings) read as the same string; callers only use it for warnings.
 */
export class HashIndex {
  /** Slot i: hash at 2i, line at 2i + 1 (0 = empty). */
  private slots: Float64Array;
  private size = 0;

  /** `capacity`: initial slots, a power of two. */
  constructor(capacity = 1024) {
    this.slots = new Float64Array(capacity * 2);
  }

  /** The line stored for `s`, or undefined. */
  get(s: string): number | undefined {
    const h = hash53(s);
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = slots[2 * i + 1]!;
      if (v === 0) return undefined;
      if (slots[2 * i] === h) return v;
    }
  }

  /** Stores `line` (≥ 1) for `s`; returns the line stored before, if any. */
  set(s: string, line: number): number | undefined {
    if ((this.size + 1) * 4 > this.slots.length) this.grow();
    return this.put(hash53(s), line);
  }

  private put(h: number, line: number): number | undefined {
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = slots[2 * i + 1]!;
      if (v === 0) {
        slots[2 * i] = h;
        slots[2 * i + 1] = line;
        this.size++;
        return undefined;
      }
      if (slots[2 * i] === h) {
        slots[2 * i + 1] = line;
        return v;
      }
    }
  }

  /** Doubles the table: one pass, straight inserts (the hashes are known to be distinct). */
  private grow(): void {
    const old = this.slots;
    const slots = new Float64Array(old.length * 2);
    const mask = slots.length / 2 - 1;
    for (let j = 0; j < old.length; j += 2) {
      const line = old[j + 1]!;
      if (line === 0) continue;
      const h = old[j]!;
      let i = h & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = h;
      slots[2 * i + 1] = line;
    }
    this.slots = slots;
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
