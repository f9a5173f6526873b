import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { UsesyncError } from '@usesync/domain';

/** The one WebCrypto implementation this package uses: Node's native one. */
export const nativeCrypto: webcrypto.Crypto = webcrypto;

let x509: Promise<typeof X509> | undefined;

/**
 * Loads @peculiar/x509 on first use. The library needs a `Reflect.metadata` polyfill before it is
 * evaluated (its dependency tsyringe checks at import time) and a crypto provider: both are global
 * effects, so they happen here, once, when a function of this package first needs the library —
 * never on import of `@usesync/x509`. The provider is set to Node's native WebCrypto, which is what
 * x509 picks by default on Node 24 anyway; calls that take a provider also get it explicitly.
 */
export function loadX509(): Promise<typeof X509> {
  x509 ??= (async () => {
    await import('reflect-metadata');
    const lib = await import('@peculiar/x509');
    lib.cryptoProvider.set(nativeCrypto);
    return lib;
  })().catch((cause: unknown) => {
    x509 = undefined;
    throw new UsesyncError('X509_LOAD', 'Cannot load @peculiar/x509: import failed', { cause });
  });
  return x509;
}
