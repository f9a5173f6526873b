import { editDistance } from '@usesync/domain';
import type { RaClient } from './types.js';

/** A certificate product the RA operator may order, as listed by `POST /v2/clients`. */
export interface AvailableProduct {
  /** Display name (`productName`, or `name` where the API sends that). */
  readonly name: string;
  /** `pma-…` reference. */
  readonly reference: string;
  /** `cli-…` reference of the client account that owns the product. */
  readonly clientReference: string;
  readonly clientName: string;
  /** `keyType` of the product (e.g. `RSA_2048`), when the API sends it. */
  readonly keyType?: string;
  readonly description?: string;
}

/**
 * Whether a configured product name (or `pma-…` reference) is known to the CA. When it is not,
 * `known` lists every product name the operator can order and `suggestion` is the nearest.
 */
export type ProductCheck =
  | { readonly ok: true; readonly product: AvailableProduct }
  | {
      readonly ok: false;
      readonly wanted: string;
      /** The nearest known name, for "did you mean `…`?". */
      readonly suggestion?: string;
      /** Every product name the operator can order, sorted. */
      readonly known: readonly string[];
    };

/** Flattens the `/v2/clients` answer into one list of products, in the API's order. */
export function productsOf(clients: readonly RaClient[]): AvailableProduct[] {
  return clients.flatMap((c) =>
    (c.products ?? []).map((p): AvailableProduct => {
      const raw = p as {
        productName?: unknown;
        name?: unknown;
        keyType?: unknown;
        productDescription?: unknown;
      };
      const name =
        typeof raw.productName === 'string' ? raw.productName : typeof raw.name === 'string' ? raw.name : '';
      return {
        name,
        reference: p.uuid,
        clientReference: c.uuid,
        clientName: typeof c.name === 'string' ? c.name : '',
        ...(typeof raw.keyType === 'string' ? { keyType: raw.keyType } : {}),
        ...(typeof raw.productDescription === 'string' ? { description: raw.productDescription } : {}),
      };
    }),
  );
}

/** The product named `wanted` (case-insensitive) or referenced by it (`pma-…`), if any. */
export function findProduct(
  wanted: string,
  products: readonly AvailableProduct[],
): AvailableProduct | undefined {
  const w = wanted.trim().toLowerCase();
  return products.find((p) => p.reference.toLowerCase() === w || p.name.toLowerCase() === w);
}

/** Checks `wanted` against `products`: the product, or the known names and the nearest one. */
export function checkProduct(wanted: string, products: readonly AvailableProduct[]): ProductCheck {
  const hit = findProduct(wanted, products);
  if (hit) return { ok: true, product: hit };
  const known = [...new Set(products.map((p) => p.name))].sort((a, b) => a.localeCompare(b));
  const suggestion = suggestProduct(wanted, known);
  return { ok: false, wanted, known, ...(suggestion !== undefined ? { suggestion } : {}) };
}

const squash = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The known product name `wanted` most likely meant. Product names are long and carry spaces and
 * punctuation (`S/MIME E-Mail only`), so the comparison ignores case, spaces and punctuation; a
 * name containing all of `wanted` counts when it is the only one; otherwise the nearest by edit
 * distance within a fifth of the length (at least 2). Undefined when nothing is close.
 */
export function suggestProduct(wanted: string, names: readonly string[]): string | undefined {
  const w = squash(wanted);
  if (w === '') return undefined;
  const same = names.find((n) => squash(n) === w);
  if (same !== undefined) return same;
  const containing = names.filter((n) => squash(n).includes(w));
  if (containing.length === 1) return containing[0];
  const best = names
    .map((name) => ({ name, d: editDistance(w, squash(name)) }))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))[0];
  return best && best.d <= Math.max(2, Math.floor(w.length / 5)) ? best.name : undefined;
}

/** One line for a message: `no product "x" among 2 products (A, B); did you mean `A`?`. */
export function describeProductCheck(check: Extract<ProductCheck, { ok: false }>): string {
  const list = check.known.length > 0 ? ` (${check.known.join(', ')})` : '';
  const hint = check.suggestion !== undefined ? `; did you mean \`${check.suggestion}\`?` : '';
  return `no product "${check.wanted}" among the ${check.known.length} products the CA offers${list}${hint}`;
}
