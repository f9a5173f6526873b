import type * as Pkijs from 'pkijs';
import { PBE_SHA1_3DES, readPbeParams } from './pkcs12-legacy-3des.js';
import type { Pkcs12Lib } from './pkcs12-lib.js';

/** Iteration counts above this are refused: a hostile file could otherwise stall the sync. */
export const MAX_ITERATIONS = 10_000_000;

/** How an encryption AlgorithmIdentifier is classified before any passphrase is tried. */
export type SchemeClass =
  | { readonly kind: 'supported' }
  | { readonly kind: 'legacy'; readonly name: string }
  | { readonly kind: 'unsupported'; readonly name: string };

/** Raised when a scheme is not usable; carries no secret. */
export class SchemeError extends Error {
  constructor(readonly scheme: Exclude<SchemeClass, { kind: 'supported' }>) {
    super(`Unusable scheme ${scheme.name}`);
    this.name = 'SchemeError';
  }
}

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';

/** What PKI.js decrypts: AES-CBC, with PBKDF2 over HMAC-SHA-1/256/384/512. */
const AES_CBC = new Set(['2.16.840.1.101.3.4.1.2', '2.16.840.1.101.3.4.1.22', '2.16.840.1.101.3.4.1.42']);
const PRF = new Set([
  '1.2.840.113549.2.7',
  '1.2.840.113549.2.9',
  '1.2.840.113549.2.10',
  '1.2.840.113549.2.11',
]);
const DIGEST: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/** Legacy schemes usesync recognises and rejects with conversion advice. */
const LEGACY: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': 'RC4-128',
  '1.2.840.113549.1.12.1.2': 'RC4-40',
  '1.2.840.113549.1.12.1.4': '2-key 3DES',
  '1.2.840.113549.1.12.1.5': 'RC2-128',
  '1.2.840.113549.1.12.1.6': 'RC2-40',
  '1.2.840.113549.1.5.1': 'DES (MD2)',
  '1.2.840.113549.1.5.3': 'DES (MD5)',
  '1.2.840.113549.1.5.4': 'RC2 (MD2)',
  '1.2.840.113549.1.5.6': 'RC2 (MD5)',
  '1.2.840.113549.1.5.10': 'DES (SHA-1)',
  '1.2.840.113549.1.5.11': 'RC2 (SHA-1)',
};
/** PBES2 ciphers that are legacy rather than unknown. */
const LEGACY_PBES2_CIPHER: Record<string, string> = {
  '1.2.840.113549.3.7': '3DES-CBC (PBES2)',
  '1.2.840.113549.3.2': 'RC2-CBC (PBES2)',
  '1.3.14.3.2.7': 'DES-CBC (PBES2)',
};

function iterationsOk(count: number): SchemeClass {
  return Number.isSafeInteger(count) && count >= 1 && count <= MAX_ITERATIONS
    ? { kind: 'supported' }
    : { kind: 'unsupported', name: `${count} iterations` };
}

function classifyPbes2(lib: Pkcs12Lib, params: unknown): SchemeClass {
  const pbes2 = new lib.pkijs.PBES2Params({ schema: params });
  if (pbes2.keyDerivationFunc.algorithmId !== PBKDF2) {
    return { kind: 'unsupported', name: `KDF ${pbes2.keyDerivationFunc.algorithmId}` };
  }
  const cipher = pbes2.encryptionScheme.algorithmId;
  const legacy = LEGACY_PBES2_CIPHER[cipher];
  if (legacy !== undefined) return { kind: 'legacy', name: legacy };
  if (!AES_CBC.has(cipher)) return { kind: 'unsupported', name: `cipher ${cipher}` };
  const kdf = new lib.pkijs.PBKDF2Params({ schema: pbes2.keyDerivationFunc.algorithmParams });
  if (!(kdf.salt instanceof lib.asn1js.OctetString))
    return { kind: 'unsupported', name: 'PBKDF2 salt source' };
  if (kdf.prf !== undefined && !PRF.has(kdf.prf.algorithmId)) {
    return { kind: 'unsupported', name: `PRF ${kdf.prf.algorithmId}` };
  }
  return iterationsOk(kdf.iterationCount);
}

/** Classifies an encryption AlgorithmIdentifier without decrypting anything. */
export function classifyScheme(lib: Pkcs12Lib, algorithm: Pkijs.AlgorithmIdentifier): SchemeClass {
  const id = algorithm.algorithmId;
  try {
    if (id === PBES2) return classifyPbes2(lib, algorithm.algorithmParams);
    if (id === PBE_SHA1_3DES)
      return iterationsOk(readPbeParams(lib.asn1js, algorithm.algorithmParams).iterations);
  } catch {
    return { kind: 'unsupported', name: 'malformed parameters' };
  }
  const legacy = LEGACY[id];
  return legacy === undefined ? { kind: 'unsupported', name: id } : { kind: 'legacy', name: legacy };
}

/** The MAC as PKI.js's engine verifies it. */
export interface MacParams {
  readonly hashAlgorithm: string;
  readonly salt: ArrayBuffer;
  readonly iterationCount: number;
  readonly expected: ArrayBuffer;
}

/** Reads MacData; throws SchemeError for an unknown digest (e.g. PBMAC1) or too many iterations. */
export function readMac(macData: Pkijs.MacData): MacParams {
  const hashAlgorithm = DIGEST[macData.mac.digestAlgorithm.algorithmId];
  if (hashAlgorithm === undefined) {
    throw new SchemeError({ kind: 'unsupported', name: `MAC ${macData.mac.digestAlgorithm.algorithmId}` });
  }
  const iterationCount = macData.iterations ?? 1;
  const check = iterationsOk(iterationCount);
  if (check.kind !== 'supported')
    throw new SchemeError({ kind: 'unsupported', name: `${iterationCount} MAC iterations` });
  return {
    hashAlgorithm,
    salt: macData.macSalt.getValue(),
    iterationCount,
    expected: macData.mac.digest.getValue(),
  };
}
