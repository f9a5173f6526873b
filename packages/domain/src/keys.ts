/** A key target state as the import file says it: 1 = wanted, 0 = not wanted. */
export type KeyState = 0 | 1;

/** The two key technologies USE manages. */
export type KeyKind = 'pgp' | 'smime';

/** PGP key algorithms the manual names (DSA is refused by the PGP adapter, see its README). */
export type PgpKeyType = 'RSA' | 'DSA';

/** PGP key lengths the manual allows. */
export type PgpKeyLength = 1024 | 2048 | 4096;

/** A validity period such as `1y`, `11y`, `6m` or `30d`. */
export interface Validity {
  readonly amount: number;
  readonly unit: 'y' | 'm' | 'd';
}

/** Parses `1y`, `11y`, `6m`, `30d` (case-insensitive); undefined when malformed or zero. */
export function parseValidity(text: string): Validity | undefined {
  const m = /^(\d{1,3})\s*([ymd])$/i.exec(text.trim());
  if (!m) return undefined;
  const amount = Number(m[1]);
  if (amount <= 0) return undefined;
  return { amount, unit: m[2]!.toLowerCase() as Validity['unit'] };
}

/** Renders a validity back to its canonical text, e.g. `11y`. */
export function formatValidity(v: Validity): string {
  return `${v.amount}${v.unit}`;
}

/** `from` plus the validity, in UTC calendar arithmetic. */
export function addValidity(from: Date, v: Validity): Date {
  const d = new Date(from.getTime());
  if (v.unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + v.amount);
  else if (v.unit === 'm') d.setUTCMonth(d.getUTCMonth() + v.amount);
  else d.setUTCDate(d.getUTCDate() + v.amount);
  return d;
}
