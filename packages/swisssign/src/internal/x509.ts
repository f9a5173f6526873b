import type * as X509 from '@peculiar/x509';
import { SwissSignError } from '../errors.js';

let x509: Promise<typeof X509> | undefined;

/**
 * Loads @peculiar/x509 on first use, bound to Node's WebCrypto. The library needs the
 * `reflect-metadata` polyfill before it is evaluated (its dependency tsyringe checks at import time)
 * and registers into a global container: both are global effects, so they happen here, once, when
 * the simulator first needs the library — never on import of `@usesync/swisssign` (the client
 * itself never needs it).
 */
export function loadX509(): Promise<typeof X509> {
  x509 ??= (async () => {
    await import('reflect-metadata');
    const lib = await import('@peculiar/x509');
    lib.cryptoProvider.set(globalThis.crypto);
    return lib;
  })().catch((cause: unknown) => {
    x509 = undefined;
    throw new SwissSignError('SWISSSIGN_PROTOCOL', '@peculiar/x509 could not be imported', {
      operation: 'load the X.509 library',
      cause,
    });
  });
  return x509;
}
