import type { webcrypto } from 'node:crypto';
import { SwissSignError } from '../errors.js';
import { loadX509 } from '../internal/x509.js';
import { buildIssueRequest, subjectFor } from './issue-request.js';
import type { ProductCheck } from './products.js';
import type { IssueInput, IssueRequest, ResolvedProduct } from './types.js';

/**
 * What a pre-flight check needs: an order without its key. `csr` is optional: without one the
 * client makes a throwaway request (a fresh key of the product's key type, never used again).
 */
export type PreflightInput = Omit<IssueInput, 'csr' | 'idempotencyKey' | 'tags' | 'note'> & {
  readonly csr?: string | Uint8Array;
};

/**
 * The subject's shape: which attributes the order's subject DN carries (not their values), and
 * whether the CN is an address or a name, e.g. `cn(name),gn,sn,o,c` or `cn(address)`. Orders of
 * one product with the same shape get the same answer from the CA's structural checks, so a
 * pre-flight result is cached per product and shape.
 */
export function subjectShape(
  input: Pick<PreflightInput, 'kind' | 'email' | 'givenName' | 'surname' | 'teamName' | 'subjectDefaults'>,
): string {
  return subjectFor(input)
    .filter((a) => a.value !== '')
    .map((a) => (a.type === 'cn' ? `cn(${a.value.includes('@') ? 'address' : 'name'})` : a.type))
    .join(',');
}

type KeyAlgorithm = webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams;

/** A key algorithm the product accepts, from its `keyType` (`RSA_3072`, `EC_secp384r1`, …). */
export function keyAlgorithmFor(keyType: string | undefined): KeyAlgorithm {
  const rsa = /^RSA_(\d+)$/.exec(keyType ?? '');
  if (rsa) {
    return {
      name: 'RSASSA-PKCS1-v1_5',
      hash: 'SHA-256',
      publicExponent: new Uint8Array([1, 0, 1]),
      modulusLength: Number(rsa[1]),
    };
  }
  const curves: Record<string, string> = {
    EC_secp384r1: 'P-384',
    EC_secp521r1: 'P-521',
  };
  return { name: 'ECDSA', namedCurve: curves[keyType ?? ''] ?? 'P-256' };
}

/**
 * Makes throwaway PKCS#10 requests for pre-flight checks, one key per key type, kept in memory
 * only for the life of the object. The private key never leaves it and signs nothing else.
 */
export class ThrowawayCsrs {
  readonly #keys = new Map<string, Promise<webcrypto.CryptoKeyPair>>();

  /** A CSR for `email` with a key of `keyType`, PEM. */
  async csr(email: string, keyType: string | undefined): Promise<string> {
    const x509 = await loadX509();
    const algorithm = keyAlgorithmFor(keyType);
    const id = JSON.stringify(algorithm, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v));
    let keys = this.#keys.get(id);
    if (!keys) {
      keys = globalThis.crypto.subtle.generateKey(algorithm, false, [
        'sign',
        'verify',
      ]) as Promise<webcrypto.CryptoKeyPair>;
      keys.catch(() => this.#keys.delete(id));
      this.#keys.set(id, keys);
    }
    const pair = await keys;
    const request = await x509.Pkcs10CertificateRequestGenerator.create({
      name: [{ '2.5.4.3': [email] }],
      keys: pair,
      signingAlgorithm: algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : algorithm,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'email', value: email }])],
    });
    return request.toString('pem');
  }
}

/**
 * The outcome of a pre-flight: the CA accepts orders of this product and subject shape, refuses
 * them (with its messages), or the configured product is unknown. `cached`: answered from an
 * earlier check of the same product and shape.
 */
export type PreflightResult =
  | {
      readonly kind: 'accepted';
      readonly product: ResolvedProduct;
      readonly shape: string;
      readonly cached: boolean;
    }
  | {
      readonly kind: 'refused';
      readonly product: ResolvedProduct;
      readonly shape: string;
      readonly cached: boolean;
      readonly apiErrorCode: string | undefined;
      readonly messages: readonly string[];
    }
  | {
      readonly kind: 'unknown-product';
      readonly shape: string;
      readonly cached: boolean;
      readonly check: Extract<ProductCheck, { ok: false }>;
    };

/**
 * Pre-flight answers per product and subject shape. A refusal is an answer (cached); a failure
 * to get one (network, 5xx) is thrown and not cached.
 */
export class PreflightCache {
  readonly #answers = new Map<string, Promise<PreflightResult>>();
  readonly #csrs = new ThrowawayCsrs();

  /**
   * The answer for `input` against the product `check` found (undefined: none configured),
   * asking `validate` (POST /v2/validate) only for a product and shape not seen before.
   */
  async check(
    input: PreflightInput,
    check: ProductCheck | undefined,
    validate: (request: IssueRequest) => Promise<unknown>,
    tagPrefix: string,
  ): Promise<PreflightResult> {
    const shape = subjectShape(input);
    if (check === undefined || !check.ok) {
      return {
        kind: 'unknown-product',
        shape,
        cached: false,
        check: check ?? { ok: false, wanted: `(no ${input.kind} product configured)`, known: [] },
      };
    }
    const available = check.product;
    const key = `${available.reference}\u0000${shape}`;
    const hit = this.#answers.get(key);
    if (hit) return { ...(await hit), cached: true };
    const product: ResolvedProduct = {
      kind: input.kind,
      reference: available.reference,
      name: available.name,
      clientReference: available.clientReference,
    };
    const pending = (async (): Promise<PreflightResult> => {
      const csr = input.csr ?? (await this.#csrs.csr(input.email, available.keyType));
      const request = buildIssueRequest(
        { ...input, csr, idempotencyKey: 'usesync-preflight' },
        product.reference,
        tagPrefix,
      );
      try {
        await validate(request);
        return { kind: 'accepted', product, shape, cached: false };
      } catch (error) {
        if (error instanceof SwissSignError && error.code === 'SWISSSIGN_BAD_REQUEST') {
          const { apiErrorCode, apiMessages: messages } = error;
          return { kind: 'refused', product, shape, cached: false, apiErrorCode, messages };
        }
        throw error;
      }
    })();
    pending.catch(() => this.#answers.delete(key));
    this.#answers.set(key, pending);
    return pending;
  }

  /** Forgets every answer. */
  clear(): void {
    this.#answers.clear();
  }
}
