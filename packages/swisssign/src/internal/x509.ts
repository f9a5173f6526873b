// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API
// before the library is first evaluated: keep this import first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

let ready = false;

/** @peculiar/x509 bound to Node's WebCrypto (set once, on first use, not on import). */
export function useX509(): typeof x509 {
  if (!ready) {
    x509.cryptoProvider.set(globalThis.crypto);
    ready = true;
  }
  return x509;
}
